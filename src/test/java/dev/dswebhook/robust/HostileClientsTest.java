package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Client;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Slow, idle and vanishing clients must not starve real ones or leave anything behind. The
 * timeouts are shortened here so the test runs in seconds; the defaults are documented.
 */
@QuarkusTest
@TestProfile(HostileClientsTest.Profile.class)
@DisplayName("Slow and broken clients")
class HostileClientsTest {

    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");

    /** A one-second body deadline and a three-second idle timeout. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhook.server.body-timeout", "1s", "quarkus.http.idle-timeout", "3s");
        }
    }

    @AfterEach
    void nothingIsLeftInFlight() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double inFlight;
        do {
            String metrics = Management.metrics();
            inFlight = Management.sample(metrics, "daemonset_webhook_requests_in_flight", "webhook=\"validate\"")
                    + Management.sample(metrics, "daemonset_webhook_requests_in_flight", "webhook=\"mutate\"");
            Thread.sleep(50);
        } while (inFlight != 0 && System.nanoTime() < deadline);
        assertEquals(0, inFlight, "requests still counted in flight");
        assertAValidReviewIsAnswered();
    }

    @Test
    @DisplayName("clients trickling their headers a byte at a time do not delay real reviews")
    void trickledHeadersDoNotStarveRealRequests() throws Exception {
        String head = "POST " + WebhookRoutes.VALIDATE_PATH
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "X-Padding: " + "p".repeat(200)
                + "\r\n";
        try (Crowd crowd = new Crowd(64, socket -> {
            OutputStream out = socket.getOutputStream();
            for (byte b : head.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(50);
            }
        })) {
            crowd.awaitConnected();
            assertRealRequestsAnswered(40);
        }
    }

    @Test
    @DisplayName("many idle connections do not delay real reviews, and are closed after the idle timeout")
    void idleConnectionsDoNotStarveRealRequestsAndAreClosed() throws Exception {
        List<SSLSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                SSLSocket socket = open();
                socket.startHandshake();
                idle.add(socket);
            }
            assertRealRequestsAnswered(40);
            SSLSocket probe = idle.get(0);
            probe.setSoTimeout(10_000);
            long start = System.nanoTime();
            int read = probe.getInputStream().read();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertEquals(-1, read, "the server closes an idle connection");
            assertTrue(seconds <= 6, "closed after about the 3 s idle timeout, took " + seconds + " s");
        } finally {
            for (SSLSocket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    @DisplayName("a body trickled slower than the deadline gets 408 and a closed connection")
    void aTrickledBodyGets408() throws Exception {
        try (SSLSocket socket = open()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WebhookRoutes.VALIDATE_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 408"), reply);
            assertTrue(reply.contains("\"reason\":\"Timeout\""), reply);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5_000);
        }
    }

    @Test
    @DisplayName("clients that vanish mid-request or without reading the reply leave nothing behind")
    void vanishingClientsLeaveNothingBehind() throws Exception {
        byte[] review = Fixtures.JSON.writeValueAsBytes(FLUENTD.review("admission.k8s.io/v1", "gone"));
        String head = "POST " + WebhookRoutes.MUTATE_PATH
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "Content-Length: "
                + review.length + "\r\n\r\n";
        for (int i = 0; i < 50; i++) {
            try (SSLSocket socket = open()) {
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                // Half of them send half the body and vanish; the other half send it all and never read.
                out.write(review, 0, i % 2 == 0 ? review.length / 2 : review.length);
                out.flush();
            }
        }
    }

    static void assertRealRequestsAnswered(int count) throws Exception {
        Client client = new Client(HttpClient.Version.HTTP_1_1);
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.post(
                    WebhookRoutes.VALIDATE_PATH,
                    Fixtures.JSON.writeValueAsBytes(FLUENTD.review("admission.k8s.io/v1", "real-" + i)));
            assertEquals(200, response.statusCode());
            // A liveness bound, far above any real answer: a starved server would blow through it.
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 3, "request " + i + " waited");
        }
    }

    static void assertAValidReviewIsAnswered() throws Exception {
        var review = FLUENTD.review("admission.k8s.io/v1", "still-there");
        HttpResponse<byte[]> response = new Client(HttpClient.Version.HTTP_1_1)
                .post(WebhookRoutes.MUTATE_PATH, Fixtures.JSON.writeValueAsBytes(review));
        ReplyAssertions.assertMutateReply(FLUENTD, review, Fixtures.JSON.readTree(response.body()));
    }

    static SSLSocket open() throws IOException {
        return (SSLSocket)
                WebhookServer.sslContext().getSocketFactory().createSocket("localhost", WebhookServer.port());
    }

    /** A group of connections each running a script in its own thread, until closed. */
    static final class Crowd implements AutoCloseable {
        interface Script {
            void run(SSLSocket socket) throws Exception;
        }

        private final ExecutorService threads;
        private final List<SSLSocket> sockets = new ArrayList<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final java.util.concurrent.CountDownLatch connected;

        Crowd(int size, Script script) {
            threads = Executors.newFixedThreadPool(size);
            connected = new java.util.concurrent.CountDownLatch(size);
            for (int i = 0; i < size; i++) {
                threads.submit(() -> {
                    try (SSLSocket socket = open()) {
                        synchronized (sockets) {
                            sockets.add(socket);
                        }
                        socket.startHandshake();
                        connected.countDown();
                        script.run(socket);
                        InputStream in = socket.getInputStream();
                        while (!closed.get() && in.read() >= 0) {
                            // Drain whatever the server says until told to stop.
                        }
                    } catch (Exception e) {
                        connected.countDown();
                    }
                    return null;
                });
            }
        }

        void awaitConnected() throws InterruptedException {
            assertTrue(connected.await(30, TimeUnit.SECONDS));
        }

        @Override
        public void close() throws Exception {
            closed.set(true);
            synchronized (sockets) {
                for (SSLSocket socket : sockets) {
                    socket.close();
                }
            }
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
