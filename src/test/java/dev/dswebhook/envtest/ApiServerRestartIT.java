package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kube-apiserver process itself restarted, as on an upgrade or a crash of a control-plane Node:
 * etcd and its data stay, and the API server comes back on the same address with a fresh watch
 * cache, so that the resource versions the webhook's watches resume from may be older than anything
 * it holds. Unlike {@link InformerRecoveryIT}'s relay, the connections are closed by the server's
 * death, not held open, and the webhook must find its way back on its own.
 *
 * <p>The control plane is the test's own, with the API server's default flags (watch cache on).
 */
@DisplayName("When the API server is restarted on the same etcd")
class ApiServerRestartIT {

    static final String NAMESPACE = "restart";

    private static final Duration STALE_AFTER = Duration.ofSeconds(3);

    private static ControlPlane plane;

    @BeforeAll
    static void start() {
        plane = ControlPlane.start();
        plane.namespace(NAMESPACE);
        create("before");
        Scheduling.register(plane.client(), node("worker-1"));
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    @DisplayName("the webhook skips the cluster rules while it is down, still answering, and watches again by itself"
            + " once it is back, with caches as in the API server")
    void theInformersRecoverByThemselves() throws Exception {
        try (PackagedWebhook webhook = ClusterRulesIT.watching(plane)
                .setting("webhook.cluster.stale-after", STALE_AFTER.toSeconds() + "s")
                .start()) {
            Registrations.await(
                    "the webhook caches what the API server holds and runs every rule",
                    Duration.ofSeconds(30),
                    () -> ClusterRulesIT.cachedAsIn(webhook, plane.client())
                            && skipped(webhook).isEmpty());
            assertEquals(1, ClusterRulesIT.cached(webhook).get("DaemonSets"));
            assertEquals(1, ClusterRulesIT.cached(webhook).get("Nodes"));

            plane.stopApiServer();
            long stopped = System.nanoTime();
            Registrations.await(
                    "the webhook says it no longer watches",
                    Duration.ofSeconds(30),
                    () -> skipped(webhook).contains("not watched for"));
            long skipMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            JsonNode down = validate(webhook);
            assertTrue(down.path("allowed").isBoolean(), "the webhook still judges: " + down);
            List<String> warnings = InformerFailuresIT.texts(down.path("warnings"));
            assertTrue(
                    warnings.stream()
                            .anyMatch(w -> w.startsWith(ClusterOutageIT.BLIND) && w.contains("not watched for")),
                    warnings::toString);
            assertEquals(200, webhook.management("/q/health/ready").statusCode(), "the pod stays ready and serving");
            assertTrue(webhook.alive());
            // Beyond stale-after, only the time the informers take to notice a dead connection is allowed.
            assertTrue(
                    skipMillis < STALE_AFTER.toMillis() + 5_000,
                    "cluster rules skipped only " + skipMillis + " ms after the API server died");

            long restarting = System.nanoTime();
            plane.startApiServer();
            long restarted = System.nanoTime();
            create("after");
            plane.client()
                    .apps()
                    .daemonSets()
                    .inNamespace(NAMESPACE)
                    .withName("before")
                    .delete();
            Scheduling.register(plane.client(), node("worker-2"));
            plane.client().nodes().withName("worker-1").delete();
            Registrations.await(
                    "the webhook watches again, with the writes made since, and runs every rule",
                    Duration.ofSeconds(90),
                    () -> ClusterRulesIT.cachedAsIn(webhook, plane.client())
                            && ClusterRulesIT.cached(webhook).getOrDefault("Nodes", -1) == 1
                            && skipped(webhook).isEmpty());
            long recovered = System.nanoTime();
            assertEquals(
                    List.of("after"),
                    plane.client().apps().daemonSets().inNamespace(NAMESPACE).list().getItems().stream()
                            .map(d -> d.getMetadata().getName())
                            .toList(),
                    "the API server came back with etcd's data and the writes made since");
            System.out.printf(
                    "API server killed: cluster rules skipped after %d ms (stale-after %d s); restarted on the same"
                            + " port and etcd in %d ms; every rule ran again, caches as in the API server, %d ms"
                            + " after it was ready%n",
                    skipMillis,
                    STALE_AFTER.toSeconds(),
                    TimeUnit.NANOSECONDS.toMillis(restarted - restarting),
                    TimeUnit.NANOSECONDS.toMillis(recovered - restarted));
        }
    }

    private static void create(String name) {
        InformerRecoveryIT.createDaemonSet(plane, NAMESPACE, name);
    }

    private static JsonNode node(String name) {
        return ClusterCases.manifest(Fixtures.yamlValue("{kind: Node, name: " + name + "}"));
    }

    private static JsonNode validate(PackagedWebhook webhook) {
        return InformerRecoveryIT.judged(webhook, NAMESPACE);
    }

    private static String skipped(PackagedWebhook webhook) {
        return InformerRecoveryIT.skipped(webhook, NAMESPACE);
    }
}
