package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Flood;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.http.WebhookRoutes;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with the Dockerfile's JVM flags (its 128 MiB heap) under the largest bodies
 * the caps allow, many at once: it stays alive, ready and within the Deployment's memory limit,
 * and every request gets a review or a quick 429, because the bytes of bodies in flight are
 * budgeted ({@code webhook.server.in-flight-bytes}) rather than left to luck.
 */
@DisplayName("Memory under concurrent maximum-size bodies")
class BoundedMemoryIT {

    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");
    static final Case UPDATE = Cases.named("an update that keeps the selector is allowed");

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
    @DisplayName("32 concurrent 7 MiB reviews, then 64 concurrent 3 MiB UPDATE reviews: alive, ready, under the limit")
    void concurrentMaximumBodiesStayWithinTheLimit() throws Exception {
        ObjectNode create = FLUENTD.review("admission.k8s.io/v1", "seven-mebibytes");
        Flood.grow((ObjectNode) create.at("/request/object"), 7 * 1024 * 1024);
        ObjectNode update = UPDATE.review("admission.k8s.io/v1", "three-mebibyte-update");
        Flood.grow((ObjectNode) update.at("/request/object"), 3 * 1024 * 1024 / 2);
        Flood.grow((ObjectNode) update.at("/request/oldObject"), 3 * 1024 * 1024 / 2);

        Flood.Outcomes big =
                Flood.send(webhook, Fixtures.JSON.writeValueAsBytes(create), 32, WebhookRoutes.MUTATE_PATH);
        Flood.Outcomes updates =
                Flood.send(webhook, Fixtures.JSON.writeValueAsBytes(update), 64, WebhookRoutes.VALIDATE_PATH);

        long limit = PackagedWebhook.deploymentMemoryLimitMiB();
        long peak = webhook.peakRssMiB();
        System.out.printf(
                "bounded memory: 32 x 7 MiB: %s; 64 x 3 MiB UPDATE: %s; peak RSS %d MiB of a %d MiB limit%n",
                big, updates, peak, limit);
        assertTrue(webhook.alive(), "the server is alive:\n" + webhook.log());
        assertEquals(200, webhook.management("/q/health/ready").statusCode(), "the server is ready");
        assertTrue(peak < limit, "peak RSS " + peak + " MiB stays under the Deployment's " + limit + " MiB limit");
        assertTrue(big.answered() > 0 && updates.answered() > 0, "some of each were answered: " + big + ", " + updates);
        // Measured by the server, from the request head to the reply: the queue timeout (1 s) and
        // whatever the busy event loop adds, within the API server's 3 s webhook timeout.
        List<Double> refusals =
                webhook.awaitDecisions(d -> d.path("code").asInt() == 429, big.refused() + updates.refused()).stream()
                        .map(d -> d.path("latencyMs").asDouble())
                        .toList();
        assertEquals(big.refused() + updates.refused(), refusals.size(), "every refusal is logged");
        double slowest =
                refusals.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf("bounded memory: slowest refusal %.0f ms at the server%n", slowest);
        assertTrue(slowest < 3_000, "refusals are quick at the server: " + slowest + " ms");
    }
}
