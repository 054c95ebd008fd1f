package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The API server's bad days, seen through a relay the test cuts and slows: unreachable for a while
 * (as a restart or a partition looks to a client), long enough for etcd to compact away the
 * resource version the webhook's watch would resume from, so that the API server answers it with
 * {@code 410 Gone} and the informer must list again; and a first list slower than
 * {@code sync-timeout}. The webhook must skip the rules while its caches are not trusted, and
 * recover by itself, with the writes it missed.
 *
 * <p>The control plane is the test's own, with the watch cache off and etcd compacted every 3 s,
 * so that a watch from a compacted resource version reaches etcd and gets its 410 within seconds.
 */
@DisplayName("When the API server has bad days")
class InformerRecoveryIT {

    static final String NAMESPACE = "recovery";

    private static ControlPlane plane;
    private static Relay relay;

    @BeforeAll
    static void start() {
        plane = ControlPlane.start("--watch-cache=false", "--etcd-compaction-interval=3s");
        relay = Relay.to(plane);
        plane.namespace(NAMESPACE);
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    @DisplayName("cut off until its watch's resource version is compacted away, it skips the rules, then lists again by"
            + " itself and sees what it missed")
    void aCompactedWatchIsListedAgain() throws Exception {
        for (int i = 1; i <= 3; i++) {
            create("before-" + i);
        }
        try (PackagedWebhook webhook = watchingThroughTheRelay()
                .setting("webhook.cluster.stale-after", "2s")
                .start()) {
            awaitCached(webhook, 3);
            String seenVersion = plane.client()
                    .apps()
                    .daemonSets()
                    .inAnyNamespace()
                    .list()
                    .getMetadata()
                    .getResourceVersion();

            relay.cut();
            long cut = System.nanoTime();
            Registrations.await(
                    "the webhook says it no longer watches",
                    Duration.ofSeconds(30),
                    () -> skipped(webhook).contains("not watched for"));
            plane.client()
                    .apps()
                    .daemonSets()
                    .inNamespace(NAMESPACE)
                    .withName("before-1")
                    .delete();
            plane.client()
                    .apps()
                    .daemonSets()
                    .inNamespace(NAMESPACE)
                    .withName("before-2")
                    .delete();
            for (int i = 1; i <= 4; i++) {
                create("during-" + i);
            }
            Registrations.await(
                    "etcd compacts away the resource version the webhook's watch would resume from",
                    Duration.ofSeconds(60),
                    () -> watchIsGone(seenVersion));

            relay.restore();
            long restored = System.nanoTime();
            Registrations.await(
                    "the webhook lists again and trusts its caches",
                    Duration.ofSeconds(90),
                    () -> ClusterRulesIT.cached(webhook).getOrDefault("DaemonSets", -1) == 5
                            && skipped(webhook).isEmpty());
            System.out.printf(
                    "cut off for %d ms, through a compaction; every rule ran again %d ms after the API server was"
                            + " reachable, with the 2 deletions and 4 creations it missed%n",
                    TimeUnit.NANOSECONDS.toMillis(restored - cut),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored));
        }
    }

    @Test
    @DisplayName("a first list slower than sync-timeout holds readiness up to sync-timeout only, and the rules run once"
            + " it is in")
    void aSlowFirstListHoldsReadinessBoundedly() throws Exception {
        relay.restore();
        relay.delayNewConnections(Duration.ofSeconds(6));
        long start = System.nanoTime();
        try (PackagedWebhook webhook = watchingThroughTheRelay()
                .setting("webhook.cluster.sync-timeout", "2s")
                .start()) {
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String skipped = skipped(webhook);
            System.out.printf("ready %d ms after launch with a sync-timeout of 2 s; then: %s%n", readyMillis, skipped);
            assertTrue(skipped.contains("not listed yet"), skipped);
            relay.delayNewConnections(Duration.ZERO);
            long ready = System.nanoTime();
            Registrations.await(
                    "the first lists arrive and every rule runs",
                    Duration.ofSeconds(120),
                    () -> skipped(webhook).isEmpty());
            System.out.printf(
                    "every rule ran %d ms after readiness%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ready));
        } finally {
            relay.delayNewConnections(Duration.ZERO);
        }
    }

    private static PackagedWebhook.Builder watchingThroughTheRelay() {
        return PackagedWebhook.builder()
                .setting("webhook.cluster.enabled", "true")
                .setting("kubeconfig", relay.kubeconfig(plane).toAbsolutePath().toString());
    }

    private static void create(String name) {
        createDaemonSet(plane, NAMESPACE, name);
    }

    private static String skipped(PackagedWebhook webhook) {
        return skipped(webhook, NAMESPACE);
    }

    /** Creates a plain DaemonSet through the API server. */
    static void createDaemonSet(ControlPlane plane, String namespace, String name) {
        DaemonSet daemonSet = Fixtures.JSON.convertValue(
                ClusterCases.manifest(Fixtures.yamlValue("{name: " + name + ", namespace: " + namespace + "}")),
                DaemonSet.class);
        plane.client()
                .apps()
                .daemonSets()
                .inNamespace(namespace)
                .resource(daemonSet)
                .create();
    }

    /** The webhook's word on skipped rules for a DaemonSet it judges now, empty when every rule ran. */
    static String skipped(PackagedWebhook webhook, String namespace) {
        return judged(webhook, namespace)
                .at("/auditAnnotations/cluster-rules-skipped")
                .asText("");
    }

    /** The webhook's response to a DaemonSet it judges now, sent to it directly. */
    static JsonNode judged(PackagedWebhook webhook, String namespace) {
        try {
            return InformerFailuresIT.validate(webhook, namespace, "probe-" + System.nanoTime());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a watch of DaemonSets from {@code version} is refused as too old (410 Gone). */
    private static boolean watchIsGone(String version) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        try (Watch watch = plane.client()
                .apps()
                .daemonSets()
                .inAnyNamespace()
                .withResourceVersion(version)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, DaemonSet resource) {}

                    @Override
                    public void onClose(WatcherException cause) {
                        closed.complete(cause.asClientException().getCode());
                    }
                })) {
            return closed.get(2, TimeUnit.SECONDS) == 410;
        } catch (KubernetesClientException e) {
            return e.getCode() == 410;
        } catch (Exception timedOutStillWatching) {
            return false;
        }
    }

    private static void awaitCached(PackagedWebhook webhook, int daemonSets) {
        Registrations.await(
                "the webhook caches the DaemonSets and trusts every cache",
                Duration.ofSeconds(30),
                () -> ClusterRulesIT.cached(webhook).getOrDefault("DaemonSets", -1) == daemonSets
                        && skipped(webhook).isEmpty());
    }
}
