package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.http.WebhookRoutes;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        webhook = PackagedWebhook.builder()
                .jvmFlags(PackagedWebhook.dockerfileJvmFlags())
                .start();
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
        ResourceBoundsTest.grow((ObjectNode) create.at("/request/object"), 7 * 1024 * 1024);
        ObjectNode update = UPDATE.review("admission.k8s.io/v1", "three-mebibyte-update");
        ResourceBoundsTest.grow((ObjectNode) update.at("/request/object"), 3 * 1024 * 1024 / 2);
        ResourceBoundsTest.grow((ObjectNode) update.at("/request/oldObject"), 3 * 1024 * 1024 / 2);

        Outcomes big = flood(Fixtures.JSON.writeValueAsBytes(create), 32, WebhookRoutes.MUTATE_PATH);
        Outcomes updates = flood(Fixtures.JSON.writeValueAsBytes(update), 64, WebhookRoutes.VALIDATE_PATH);

        long limit = limitMiB();
        long peak = webhook.peakRssMiB();
        System.out.printf(
                "bounded memory: 32 x 7 MiB: %s; 64 x 3 MiB UPDATE: %s; peak RSS %d MiB of a %d MiB limit%n",
                big, updates, peak, limit);
        assertTrue(webhook.alive(), "the server is alive:\n" + webhook.log());
        assertEquals(200, webhook.management("/q/health/ready").statusCode(), "the server is ready");
        assertTrue(peak < limit, "peak RSS " + peak + " MiB stays under the Deployment's " + limit + " MiB limit");
        assertTrue(big.answered > 0 && updates.answered > 0, "some of each were answered: " + big + ", " + updates);
        // Measured by the server, from the request head to the reply: the queue timeout (1 s) and
        // whatever the busy event loop adds, within the API server's 3 s webhook timeout.
        List<Double> refusals =
                webhook.awaitDecisions(d -> d.path("code").asInt() == 429, big.refused + updates.refused).stream()
                        .map(d -> d.path("latencyMs").asDouble())
                        .toList();
        assertEquals(big.refused + updates.refused, refusals.size(), "every refusal is logged");
        double slowest =
                refusals.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.printf("bounded memory: slowest refusal %.0f ms at the server%n", slowest);
        assertTrue(slowest < 3_000, "refusals are quick at the server: " + slowest + " ms");
    }

    /** How a burst of requests ended. */
    record Outcomes(int answered, int refused, long slowestRefusalMillis) {
        @Override
        public String toString() {
            return answered + " answered, " + refused + " refused with 429 (slowest refusal " + slowestRefusalMillis
                    + " ms)";
        }
    }

    /** Sends the same review from {@code clients} connections at once; each must get a review or a 429. */
    private static Outcomes flood(byte[] review, int clients, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    HttpClient client = webhook.client();
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = webhook.post(client, path, review);
                    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                    if (response.statusCode() == 200) {
                        JsonNode reply = Fixtures.JSON.readTree(response.body());
                        assertEquals("AdmissionReview", reply.path("kind").asText());
                        assertTrue(reply.at("/response/allowed").asBoolean(), reply.toString());
                        return new long[] {200, millis};
                    }
                    assertEquals(429, response.statusCode(), () -> new String(response.body()));
                    assertEquals(
                            "1", response.headers().firstValue("Retry-After").orElse(""));
                    assertEquals(
                            "TooManyRequests",
                            Fixtures.JSON
                                    .readTree(response.body())
                                    .path("reason")
                                    .asText());
                    return new long[] {429, millis};
                }));
            }
            int answered = 0;
            int refused = 0;
            long slowest = 0;
            for (Future<long[]> result : results) {
                long[] outcome = result.get();
                if (outcome[0] == 200) {
                    answered++;
                } else {
                    refused++;
                    slowest = Math.max(slowest, outcome[1]);
                }
            }
            return new Outcomes(answered, refused, slowest);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The memory limit of the Deployment in k8s/base, in MiB. */
    static long limitMiB() {
        JsonNode deployment = Manifests.ofKustomization(Path.of("k8s", "base")).one("Deployment");
        String limit = deployment
                .at("/spec/template/spec/containers/0/resources/limits/memory")
                .asText();
        assertTrue(limit.endsWith("Mi"), limit);
        return Long.parseLong(limit.substring(0, limit.length() - 2));
    }
}
