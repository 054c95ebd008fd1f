package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.http.WebhookRoutes;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged server, as shipped, with its standard output going into a pipe that nobody reads,
 * as a stalled log pipeline would leave it: every review is still answered promptly, the probes
 * and metrics still answer, and the log lines that no longer fit are dropped and counted.
 */
@DisplayName("A stalled standard output")
class StalledStdoutIT {

    static final Case DENIED = Cases.named("every violation is reported at once, each at its field");

    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        webhook = PackagedWebhook.builder()
                .asTheDockerfileRunsIt()
                .stdout(PackagedWebhook.Stdout.STALLED_PIPE)
                .decisionLogFile(false)
                .start();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @DisplayName("reviews, probes and metrics are answered within 2 s each, and the lines that do not fit are counted")
    void everythingIsAnsweredAndDroppedLinesAreCounted() throws Exception {
        HttpClient client = webhook.client();
        // Denials make the longest decision lines: 400 fill the 64 KiB pipe many times over, and
        // 4,000 fill the webhook's own 1 MiB buffer behind it as well.
        long slowest = 0;
        for (int i = 0; i < 4_000; i++) {
            byte[] review = Fixtures.JSON.writeValueAsBytes(DENIED.review("admission.k8s.io/v1", "stalled-" + i));
            long start = System.nanoTime();
            HttpResponse<byte[]> response = webhook.post(client, WebhookRoutes.VALIDATE_PATH, review);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            slowest = Math.max(slowest, millis);
            assertEquals(200, response.statusCode());
            assertTrue(millis < 2_000, "review " + i + " took " + millis + " ms");
            if (i % 500 == 0) {
                assertProbesAnswer();
            }
        }
        assertProbesAnswer();
        String metrics = webhook.management("/q/metrics").body();
        double dropped = Management.sample(metrics, "daemonset_webhook_log_lines_dropped_total", "log=\"decision\"");
        System.out.printf(
                "stalled stdout: 4,000 reviews, slowest %d ms; %.0f decision lines dropped and counted%n",
                slowest, dropped);
        assertTrue(dropped > 0, "lines that did not fit were dropped and counted:\n" + metrics);
        assertTrue(webhook.alive());
    }

    private static void assertProbesAnswer() {
        for (String path : new String[] {"/q/health/live", "/q/health/ready", "/q/metrics"}) {
            long start = System.nanoTime();
            assertEquals(200, webhook.management(path).statusCode(), path);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 2_000, path + " took " + millis + " ms");
        }
    }
}
