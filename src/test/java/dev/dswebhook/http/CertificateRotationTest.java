package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Pem;
import dev.dswebhook.fixtures.SecretVolume;
import dev.dswebhook.fixtures.Shell;
import dev.dswebhook.fixtures.WebhookServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hot reload of the serving certificate, under load, through both ways a mounted Secret changes:
 * the kubelet's atomic {@code ..data} symlink swap, and files rewritten in place.
 */
@QuarkusTest
@Tag("quarkus")
@TestProfile(CertificateRotationTest.Profile.class)
@DisplayName("Certificate rotation")
class CertificateRotationTest {

    static final Path ROOT = Path.of("target", "test-certs", "rotation");
    static final Duration RELOAD_PERIOD = Duration.ofSeconds(1);
    static final Case FLUENTD = Cases.named("OnFailure is denied and not defaulted");

    /** Serves the first CA's certificate from a Secret-style volume, reloaded every second. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Volume.class));
        }
    }

    /** Makes two CAs with a serving certificate each, and mounts the first. */
    public static class Volume implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            SecretVolume.delete(ROOT);
            for (String generation : List.of("first", "second", "third")) {
                Shell.run(
                        "bash",
                        "certs/generate.sh",
                        "--out",
                        ROOT.resolve(generation).toString(),
                        "--no-k8s");
            }
            brokenPairs();
            SecretVolume volume = new SecretVolume(ROOT.resolve("mounted")).create(ROOT.resolve("first"));
            return Map.of(
                    "quarkus.tls.webhook.key-store.pem.0.cert",
                            volume.file("tls.crt").toString(),
                    "quarkus.tls.webhook.key-store.pem.0.key",
                            volume.file("tls.key").toString(),
                    "webhook.tls.reload-period", RELOAD_PERIOD.toSeconds() + "s");
        }

        @Override
        public void stop() {}
    }

    /** Broken material: a key that does not fit, a truncated certificate, an empty key. */
    static void brokenPairs() {
        try {
            Path mismatch = Files.createDirectories(ROOT.resolve("mismatch"));
            Files.copy(ROOT.resolve("third/tls.crt"), mismatch.resolve("tls.crt"));
            Files.copy(ROOT.resolve("first/tls.key"), mismatch.resolve("tls.key"));
            Path truncated = Files.createDirectories(ROOT.resolve("truncated"));
            byte[] certificate = Files.readAllBytes(ROOT.resolve("third/tls.crt"));
            Files.write(truncated.resolve("tls.crt"), java.util.Arrays.copyOf(certificate, certificate.length / 2));
            Files.copy(ROOT.resolve("third/tls.key"), truncated.resolve("tls.key"));
            Path empty = Files.createDirectories(ROOT.resolve("empty"));
            Files.copy(ROOT.resolve("third/tls.crt"), empty.resolve("tls.crt"));
            Files.write(empty.resolve("tls.key"), new byte[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName(
            "broken material is refused, logged and counted while the old certificate keeps serving, and a later good one is taken")
    void brokenMaterialIsRefusedUnderLoad() throws Exception {
        SecretVolume volume = new SecretVolume(ROOT.resolve("mounted"));
        X509Certificate serving = presented();
        X509Certificate third = Pem.certificates(ROOT.resolve("third/tls.crt")).get(0);
        java.util.Queue<String> logged = new ConcurrentLinkedQueue<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger reloaderLog =
                java.util.logging.Logger.getLogger("dev.dswebhook.tls.CertificateReloader");
        reloaderLog.addHandler(capture);
        try (Load load = new Load(Pem.context(
                List.of(ROOT.resolve("first/ca.crt"), ROOT.resolve("second/ca.crt"), ROOT.resolve("third/ca.crt")),
                null,
                null))) {
            load.awaitRequests(20);
            double failuresBefore = failures();
            for (String broken : List.of("mismatch", "truncated", "empty")) {
                volume.swapTo(ROOT.resolve(broken));
                Thread.sleep(RELOAD_PERIOD.multipliedBy(3).toMillis());
                assertEquals(serving, presented(), broken + ": the old certificate still serves");
                load.awaitRequests(load.completed() + 10);
            }
            assertTrue(failures() >= failuresBefore + 3, "each broken rotation was counted: " + failures());
            String log = String.join("\n", logged);
            assertTrue(log.contains("does not belong to the certificate"), log);
            assertTrue(log.contains("cannot be read") || log.contains("could not reload"), log);

            volume.swapTo(ROOT.resolve("third"));
            awaitPresented(third);
            load.awaitRequests(load.completed() + 20);
            load.stop();
            assertEquals(List.of(), List.copyOf(load.failures), "no request failed while broken material was refused");
        } finally {
            reloaderLog.removeHandler(capture);
        }
    }

    static double failures() {
        return dev.dswebhook.fixtures.Management.sample(
                dev.dswebhook.fixtures.Management.metrics(),
                "daemonset_webhook_certificate_reloads_total",
                "result=\"failure\"");
    }

    @Test
    @DisplayName("a new CA's certificate is served within the reload period, and no request in flight fails")
    void aRotationIsPickedUpWithoutFailingARequest() throws Exception {
        SecretVolume volume = new SecretVolume(ROOT.resolve("mounted"));
        X509Certificate first = Pem.certificates(ROOT.resolve("first/tls.crt")).get(0);
        X509Certificate second =
                Pem.certificates(ROOT.resolve("second/tls.crt")).get(0);
        assertEquals(first, presented());

        try (Load load = new Load(bothCas())) {
            load.awaitRequests(20);

            volume.swapTo(ROOT.resolve("second"));
            Duration swapped = awaitPresented(second);
            assertTrue(swapped.compareTo(RELOAD_PERIOD.plusSeconds(3)) < 0, "the ..data swap took " + swapped);
            load.awaitRequests(load.completed() + 20);

            volume.overwriteWith(ROOT.resolve("first"));
            Duration overwritten = awaitPresented(first);
            assertTrue(
                    overwritten.compareTo(RELOAD_PERIOD.plusSeconds(3)) < 0,
                    "the in-place rewrite took " + overwritten);
            load.awaitRequests(load.completed() + 20);

            load.stop();
            assertEquals(List.of(), List.copyOf(load.failures), "every request during both rotations succeeded");
            assertTrue(load.completed() >= 60, "requests completed: " + load.completed());
        }
    }

    /** Like a caBundle during a rotation, the clients trust the old and the new CAs. */
    static SSLContext bothCas() {
        return Pem.context(
                List.of(ROOT.resolve("first/ca.crt"), ROOT.resolve("second/ca.crt"), ROOT.resolve("third/ca.crt")),
                null,
                null);
    }

    /** Handshakes until the server presents {@code expected}, and returns how long that took. */
    static Duration awaitPresented(X509Certificate expected) throws Exception {
        long start = System.nanoTime();
        while (!expected.equals(presented())) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(15)) {
                throw new AssertionError("the server still presents the old certificate after 15 s");
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The certificate a full handshake gets. Each probe uses a new context, because a resumed TLS
     * session reports the certificate of the session it resumes, not the one now served.
     */
    static X509Certificate presented() throws IOException {
        try (SSLSocket socket =
                (SSLSocket) bothCas().getSocketFactory().createSocket("localhost", WebhookServer.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /**
     * Steady validating traffic: two clients on long-lived keep-alive connections, and two that
     * open a new connection, and so make a new handshake, for every request.
     */
    static final class Load implements AutoCloseable {
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final SSLContext context;

        Load(SSLContext context) {
            this.context = context;
            for (int i = 0; i < 2; i++) {
                HttpClient keepAlive = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .sslContext(context)
                        .build();
                int client = i;
                threads.submit(() -> loop(n -> viaKeepAlive(keepAlive, "keepalive-" + client + "-" + n)));
                threads.submit(() -> loop(n -> viaNewConnection("fresh-" + client + "-" + n)));
            }
        }

        int completed() {
            return completed.get();
        }

        void awaitRequests(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (completed.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(
                    completed.get() >= count,
                    "load stalled at " + completed.get() + " requests; failures: " + failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }

        private interface Request {
            String send(int n) throws Exception;
        }

        private void loop(Request request) {
            for (int n = 0; running.get(); n++) {
                try {
                    String failure = request.send(n);
                    if (failure != null) {
                        failures.add(failure);
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                completed.incrementAndGet();
            }
        }

        private String viaKeepAlive(HttpClient client, String uid) throws Exception {
            HttpResponse<byte[]> response = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    "https://localhost:" + WebhookServer.port() + WebhookRoutes.VALIDATE_PATH))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(review(uid)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return check(uid, response.statusCode(), response.body());
        }

        private String viaNewConnection(String uid) throws Exception {
            byte[] body = review(uid);
            try (SSLSocket socket =
                    (SSLSocket) context.getSocketFactory().createSocket("localhost", WebhookServer.port())) {
                String head = "POST " + WebhookRoutes.VALIDATE_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
                String reply = readAll(socket.getInputStream());
                int split = reply.indexOf("\r\n\r\n");
                int status = Integer.parseInt(reply.substring(9, 12));
                return check(uid, status, reply.substring(split + 4).getBytes(StandardCharsets.UTF_8));
            }
        }

        private static byte[] review(String uid) throws IOException {
            return Fixtures.JSON.writeValueAsBytes(FLUENTD.review("admission.k8s.io/v1", uid));
        }

        private static String check(String uid, int status, byte[] body) throws IOException {
            if (status != 200) {
                return uid + ": HTTP " + status;
            }
            JsonNode response = Fixtures.JSON.readTree(body).path("response");
            if (!uid.equals(response.path("uid").asText())
                    || response.path("allowed").asBoolean(true)) {
                return uid + ": wrong answer " + response;
            }
            return null;
        }

        private static String readAll(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
