package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged server, as shipped, while one loopback address (127.0.0.2) holds or churns more
 * connections than the server has slots: real reviews from another address (127.0.0.1, where the
 * API server would be) are still answered within 2 s each.
 */
@DisplayName("Connections shared fairly between sources")
class ConnectionFairnessIT {

    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");
    static final InetAddress ATTACKER = loopback("127.0.0.2");

    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        webhook = PackagedWebhook.builder().asTheDockerfileRunsIt().start();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @DisplayName("600 idle TLS connections from one address do not keep another's reviews out")
    void idleConnectionsFromOneSourceDoNotStarveAnother() throws Exception {
        List<SSLSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 600; i++) {
                SSLSocket socket = open();
                socket.startHandshake();
                idle.add(socket);
            }
            long slowest = assertRealReviewsAnswered(40, Duration.ZERO);
            String metrics = webhook.management("/q/metrics").body();
            double bySource =
                    Management.sample(metrics, "daemonset_webhook_connections_closed_total", "reason=\"source-limit\"");
            System.out.printf(
                    "fairness: 600 idle from 127.0.0.2; 40 reviews from 127.0.0.1, slowest %d ms; "
                            + "%.0f closed at the source limit%n",
                    slowest, bySource);
            assertTrue(bySource >= 600 - 256, "the source's oldest idle connections made way: " + bySource);
        } finally {
            for (SSLSocket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    @DisplayName(
            "520 slowloris connections from one address, reconnecting as they are closed, do not keep another's reviews out")
    void reconnectingSlowlorisFromOneSourceDoesNotStarveAnother() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong connects = new AtomicLong();
        List<Thread> crowd = new ArrayList<>();
        byte[] head = ("POST " + WebhookRoutes.VALIDATE_PATH
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + "X-Padding: "
                        + "p".repeat(4000) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 520; i++) {
            Thread thread = new Thread(
                    null,
                    () -> {
                        while (!stop.get()) {
                            try (SSLSocket socket = open()) {
                                socket.startHandshake();
                                connects.incrementAndGet();
                                OutputStream out = socket.getOutputStream();
                                // One byte of the head at a time, slowly, for as long as the server keeps the
                                // connection.
                                for (int b = 0; b < head.length && !stop.get(); b++) {
                                    out.write(head[b]);
                                    out.flush();
                                    Thread.sleep(1_000);
                                }
                            } catch (IOException e) {
                                // Closed by the server; reconnect.
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "slowloris-" + i,
                    256 * 1024);
            thread.setDaemon(true);
            thread.start();
            crowd.add(thread);
        }
        try {
            // The crowd's first wave: 520 handshakes at once on the two cores the test shares with the server.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (connects.get() < 520 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Long enough for the head timeout (10 s) to close the first wave and the crowd to reconnect.
            long slowest = assertRealReviewsAnswered(60, Duration.ofMillis(250));
            String metrics = webhook.management("/q/metrics").body();
            System.out.printf(
                    "fairness: 520 reconnecting slowloris from 127.0.0.2 (%d connections made); 60 reviews from "
                            + "127.0.0.1 over 15 s, slowest %d ms; closed: %.0f at the source limit, %.0f past the head timeout%n",
                    connects.get(),
                    slowest,
                    Management.sample(metrics, "daemonset_webhook_connections_closed_total", "reason=\"source-limit\""),
                    Management.sample(
                            metrics, "daemonset_webhook_connections_closed_total", "reason=\"head-timeout\""));
            assertTrue(connects.get() > 520, "the crowd reconnected: " + connects.get());
        } finally {
            stop.set(true);
            for (Thread thread : crowd) {
                thread.interrupt();
            }
        }
    }

    /** Sends reviews from 127.0.0.1, each on a new connection as a restarted client would; returns the slowest in ms. */
    private static long assertRealReviewsAnswered(int count, Duration pause) throws Exception {
        long slowest = 0;
        byte[] review = Fixtures.JSON.writeValueAsBytes(FLUENTD.review("admission.k8s.io/v1", "real"));
        for (int i = 0; i < count; i++) {
            HttpClient client = webhook.client();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = webhook.post(client, WebhookRoutes.MUTATE_PATH, review);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(200, response.statusCode());
            assertTrue(millis < 2_000, "review " + i + " from 127.0.0.1 took " + millis + " ms");
            slowest = Math.max(slowest, millis);
            Thread.sleep(pause.toMillis());
        }
        return slowest;
    }

    private static SSLSocket open() throws IOException {
        SSLSocket socket = (SSLSocket) WebhookServer.sslContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), webhook.httpsPort(), ATTACKER, 0);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
