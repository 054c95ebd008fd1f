package dev.dswebhook.bench;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Launches the server and measures the time from process launch to the first successful HTTPS
 * reply to a review, then its resident memory once idle.
 *
 * <p>It probes from inside this one JVM every few milliseconds, never by forking a process per
 * attempt, which on two cores would steal start-up CPU from the server. Its own TLS stack is
 * warmed up before the launch, so the figure is the server's, not the probe's.
 *
 * <p>{@code java ... StartupProbe <port> <review.json> <log> <command...>}; prints
 * {@code startup_ms=<n> ready_ms=<n> rss_kb=<n> pid=<n>} and leaves the server running. With
 * {@code -Dprobe.ready=<port>}, ready is when {@code /q/health/ready} on that port first answers
 * 200; without, a server that has no readiness, it is the first reply. RSS is taken after
 * {@code probe.reviews} (300) more reviews, one after the other, and a second of rest.
 */
public final class StartupProbe {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] review = Files.readAllBytes(Path.of(args[1]));
        File log = new File(args[2]);
        List<String> command = new ArrayList<>(Arrays.asList(args).subList(3, args.length));

        HttpClient client = HttpClient.newBuilder()
                .sslContext(trusting(Path.of(System.getProperty("probe.certs", "certs"), "ca.crt")))
                .connectTimeout(Duration.ofMillis(200))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/validate-apps-v1-daemonset"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                .build();
        warmUp(client, review);

        long start = System.nanoTime();
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        long elapsed = -1;
        while (elapsed < 0 && server.isAlive()) {
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200 && new String(response.body()).contains("\"allowed\":true")) {
                    elapsed = System.nanoTime() - start;
                }
            } catch (IOException e) {
                Thread.sleep(5);
            }
            if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
                break;
            }
        }
        if (elapsed < 0 || !server.isAlive()) {
            server.destroyForcibly();
            throw new IllegalStateException("the server did not answer, or exited; see " + log);
        }
        long ready = elapsed;
        String readyPort = System.getProperty("probe.ready");
        if (readyPort != null) {
            HttpClient plain =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + readyPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            while (server.isAlive()
                    && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
                try {
                    if (plain.send(health, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        ready = System.nanoTime() - start;
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
        }
        int reviews = Integer.getInteger("probe.reviews", 300);
        for (int i = 0; i < reviews; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        Thread.sleep(1000);
        System.out.printf(
                "startup_ms=%.0f ready_ms=%.0f rss_kb=%d pid=%d%n",
                elapsed / 1e6, ready / 1e6, rssKb(server.pid()), server.pid());
    }

    /**
     * Warms the probe's own TLS and HTTP client with a few real exchanges against an in-process
     * HTTPS server that uses the webhook's certificate, before the clock starts; otherwise the
     * first reply would include the probe's own class loading and JIT.
     */
    private static void warmUp(HttpClient client, byte[] review) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("probe.certs", "certs"), "tls.crt"))) {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        String pem = Files.readString(Path.of(System.getProperty("probe.certs", "certs"), "tls.key"))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        keys.setKeyEntry("tls", key, new char[0], chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] reply = "{\"response\":{\"allowed\":true}}".getBytes();
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        try {
            for (int i = 0, failed = 0; i < 20; i++) {
                try {
                    client.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:"
                                            + server.getAddress().getPort() + "/"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    // A cold client's first handshake can outlast the 200 ms connect timeout.
                    if (++failed > 5) {
                        throw e;
                    }
                }
            }
        } finally {
            server.stop(0);
        }
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
