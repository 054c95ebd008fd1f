package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Flood;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The webhook with a large cluster in its caches: 5,000 Deployments with the 50,000 ReplicaSets
 * their revision history keeps, 500 DaemonSets and 5,000 Nodes ({@link LargeCluster}), watched by
 * the packaged server with the Dockerfile's JVM flags; then a burst of DaemonSet writes through the
 * real API server while the ReplicaSets change under the informers.
 *
 * <p>Memory is compared with the same server, same flags, in the same run: watching nothing (the
 * bare server), and watching the cluster before its objects were created.
 */
@DisplayName("A large cluster cached")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMemoryIT {

    static final LargeCluster CLUSTER = new LargeCluster(5_000, 500, 5_000);

    /** The clusters measured on the way to the large one, for the README's sizing table. */
    static final List<LargeCluster> SMALLER =
            List.of(new LargeCluster(500, 50, 500), new LargeCluster(1_500, 150, 1_500));

    private static ControlPlane controlPlane;
    private static Footprint bare;
    /** What the server took watching each cluster measured, in the order measured. */
    private static final Map<LargeCluster, Footprint> FOOTPRINTS = new java.util.LinkedHashMap<>();

    private static PackagedWebhook webhook;

    /** What a server takes: its resident memory, and the heap its objects keep after a full collection. */
    record Footprint(long rssMiB, long liveHeapKiB, long readyMillis) {

        static Footprint of(PackagedWebhook webhook, long readyMillis) {
            PackagedWebhook.sleep(2_000);
            long live = webhook.liveHeapKiB();
            return new Footprint(webhook.rssMiB(), live, readyMillis);
        }

        /** Bytes of resident memory per object over {@code base}. */
        long rssPerObject(Footprint base, int objects) {
            return (rssMiB - base.rssMiB) * 1024 * 1024 / objects;
        }

        /** Bytes of live heap per object over {@code base}. */
        long heapPerObject(Footprint base, int objects) {
            return (liveHeapKiB - base.liveHeapKiB) * 1024 / objects;
        }

        String perObject(Footprint base, int objects) {
            return String.format(
                    "%,d B of RSS and %,d B of live heap per object",
                    rssPerObject(base, objects), heapPerObject(base, objects));
        }

        /** A row of the sizing table: the cluster, and this. */
        String row(LargeCluster cluster) {
            return String.format(
                    "| %,d | %,d | %,d | %,d | %,d | %d MiB | %,d KiB | %.1f s |",
                    cluster.nodes(),
                    cluster.deployments(),
                    cluster.replicaSets(),
                    cluster.daemonSets(),
                    cluster.objects(),
                    rssMiB,
                    liveHeapKiB,
                    readyMillis / 1000.0);
        }
    }

    @BeforeAll
    static void fill() throws Exception {
        controlPlane = ControlPlane.start();
        try (PackagedWebhook idle =
                PackagedWebhook.builder().asTheDockerfileRunsIt().start()) {
            bare = Footprint.of(idle, 0);
        }
        CLUSTER.createNamespaces(controlPlane);
        LargeCluster created = LargeCluster.NONE;
        for (LargeCluster step :
                Stream.concat(Stream.of(LargeCluster.NONE), SMALLER.stream()).toList()) {
            step.createBeyond(created, controlPlane);
            created = step;
            long start = System.nanoTime();
            try (PackagedWebhook watching = watching().start()) {
                FOOTPRINTS.put(step, Footprint.of(watching, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            }
        }
        long filling = System.nanoTime();
        CLUSTER.createBeyond(created, controlPlane);
        System.out.printf(
                "large cluster: %,d objects created in %d s%n",
                CLUSTER.objects(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - filling));
        long start = System.nanoTime();
        webhook = watching().start();
        FOOTPRINTS.put(CLUSTER, Footprint.of(webhook, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
    }

    private static PackagedWebhook.Builder watching() {
        return ClusterRulesIT.watching(controlPlane)
                .asTheDockerfileRunsIt()
                .setting("webhook.cluster.sync-timeout", "5m");
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName(
            "50,000 ReplicaSets, 5,000 Deployments, 5,000 Nodes and 500 DaemonSets stay within the Deployment's limit,"
                    + " the caches keeping under 1 KB per object, and the rules see them")
    void aLargeClusterFitsWithinTheLimit() throws Exception {
        Map<String, Integer> cached = ClusterRulesIT.cached(webhook);
        assertEquals(CLUSTER.nodes(), cached.get("Nodes"), cached::toString);
        assertEquals(CLUSTER.deployments(), cached.get("Deployments"), cached::toString);
        assertEquals(CLUSTER.replicaSets(), cached.get("ReplicaSets"), cached::toString);
        assertEquals(CLUSTER.daemonSets(), cached.get("DaemonSets"), cached::toString);
        Footprint full = FOOTPRINTS.get(CLUSTER);
        Footprint watchingEmpty = FOOTPRINTS.get(LargeCluster.NONE);

        // The view at that scale: a DaemonSet on a host port the cluster's node agents take is denied,
        // with one of the 5,000 Nodes named.
        ClusterCase conflict = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        ObjectNode review = conflict.review("memory-1");
        JsonNode response = Fixtures.JSON
                .readTree(webhook.post(
                                webhook.client(),
                                "/validate-apps-v1-daemonset",
                                Fixtures.JSON.writeValueAsBytes(review))
                        .body())
                .path("response");
        assertFalse(response.path("allowed").asBoolean(), response::toString);
        assertTrue(response.at("/status/message").asText().contains("(Node \"node-"), response.toString());

        // And the worst the body caps allow, on top: 32 concurrent 7 MiB reviews.
        ObjectNode big = dev.dswebhook.fixtures.Cases.named(
                        "the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always")
                .review("admission.k8s.io/v1", "memory-2");
        Flood.grow((ObjectNode) big.at("/request/object"), 7 * 1024 * 1024);
        Flood.Outcomes flood =
                Flood.send(webhook, Fixtures.JSON.writeValueAsBytes(big), 32, "/mutate-apps-v1-daemonset");
        long floodPeak = webhook.peakRssMiB();
        long limit = PackagedWebhook.deploymentMemoryLimitMiB();
        int objects = CLUSTER.objects();
        System.out.printf(
                "large cluster: bare server %d MiB RSS, %,d KiB live heap; watching:%n"
                        + "  | Nodes | Deployments | ReplicaSets | DaemonSets | Objects | RSS | Live heap | Ready |%n"
                        + "  | --- | --- | --- | --- | --- | --- | --- | --- |%n  %s%n"
                        + "  the large cluster over the bare server: %s%n"
                        + "  the large cluster over the empty one: %s%n"
                        + "  32 x 7 MiB on top: %s; peak RSS %d MiB; the Deployment's limit %d MiB%n",
                bare.rssMiB(),
                bare.liveHeapKiB(),
                FOOTPRINTS.entrySet().stream()
                        .map(e -> e.getValue().row(e.getKey()))
                        .collect(java.util.stream.Collectors.joining("\n  ")),
                full.perObject(bare, objects),
                full.perObject(watchingEmpty, objects),
                flood,
                floodPeak,
                limit);
        assertTrue(flood.answered() > 0, flood::toString);
        assertEquals(CLUSTER.nodes(), ClusterRulesIT.cached(webhook).get("Nodes"), "the caches are intact");
        assertTrue(webhook.alive(), webhook.log());
        assertTrue(floodPeak < limit, "peak RSS " + floodPeak + " MiB stays under the Deployment's " + limit + " MiB");
        long heapPerObject = full.heapPerObject(watchingEmpty, objects);
        assertTrue(heapPerObject <= 1024, "the caches keep " + heapPerObject + " B per object");
        // The heap grows by more than it keeps (free room in proportion, -XX:MaxHeapFreeRatio), and
        // compiled code and class data with it: about 1 KB of RSS per object, measured.
        long rssPerObject = full.rssPerObject(watchingEmpty, objects);
        assertTrue(rssPerObject <= 1536, "RSS grows by " + rssPerObject + " B per cached object");
    }

    @Test
    @Order(2)
    @DisplayName("a burst of 500 DaemonSet writes from 16 clients while ReplicaSets change: every write answered, each"
            + " judged against a cache that already holds the writes before it")
    void aBurstOfWritesWhileTheCachesChange() throws Exception {
        KubernetesClient admin = controlPlane.client();
        Registrations.apply(controlPlane.kubectl(), Registrations.localUrl(controlPlane.kubectl(), webhook));
        ObjectNode probe = daemonSet("burst-probe", LargeCluster.namespace(0), 19_999);
        Registrations.await("the webhook is called", Duration.ofSeconds(15), () -> {
            new ApiCalls(admin).create(LargeCluster.namespace(0), probe, true);
            return !webhook.decisionsAbout(LargeCluster.namespace(0), "burst-probe", "validate")
                    .isEmpty();
        });
        int decisionsBefore = webhook.decisions().size();

        AtomicBoolean bursting = new AtomicBoolean(true);
        AtomicInteger patches = new AtomicInteger();
        ExecutorService churn = Executors.newSingleThreadExecutor();
        Future<?> churning = churn.submit(() -> {
            // One client patching ReplicaSets one after the other, as a cluster's controllers do.
            for (int i = 0; bursting.get(); i = (i + 7919) % CLUSTER.replicaSets()) {
                admin.apps()
                        .replicaSets()
                        .inNamespace(LargeCluster.namespace(i / LargeCluster.REVISIONS))
                        .withName(LargeCluster.replicaSet(i))
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"churn\":\"" + patches.incrementAndGet() + "\"}}}");
            }
            return null;
        });

        int rounds = 125;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<Long> lags = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        long burstStart = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < rounds; k++) {
                int round = k;
                done.add(clients.submit(() -> round(new ApiCalls(admin), round, latencies, lags, failures)));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            bursting.set(false);
            clients.shutdownNow();
        }
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
        churning.get(1, TimeUnit.MINUTES);
        churn.shutdownNow();

        // The decision log is flushed every 10 ms, after the reply: wait for the last writes' lines.
        webhook.awaitDecisions(
                d -> d.path("name").asText().startsWith("burst-")
                        && d.path("webhook").asText().equals("validate"),
                rounds * 4);
        List<JsonNode> all = webhook.decisions();
        List<JsonNode> decisions = all.subList(decisionsBefore, all.size());
        List<Long> webhookMillis = new ArrayList<>();
        for (JsonNode d : decisions) {
            if (d.path("name").asText().startsWith("burst-")
                    && d.path("webhook").asText().equals("validate")) {
                webhookMillis.add(d.path("latencyMs").asLong());
            }
        }
        List<Long> sortedLags = new ArrayList<>(lags);
        System.out.printf(
                "burst: %d writes from 16 clients in %d ms while %d ReplicaSet patches went by; API server round trip"
                        + " %s; validating webhook %s; a host port taken seen after %s%n",
                rounds * 4, burstMillis, patches.get(), spread(latencies), spread(webhookMillis), spread(sortedLags));
        assertEquals(List.of(), List.copyOf(failures), "every write was answered as its own");
        assertTrue(patches.get() > 0, "the ReplicaSets changed during the burst");
        assertTrue(webhookMillis.size() >= rounds * 4, "each write was judged: " + webhookMillis.size());
        assertTrue(
                sortedLags.stream().allMatch(lag -> lag < 30_000),
                "each write saw the ones before it within stale-after (30 s): " + sortedLags);
        assertTrue(webhook.alive(), webhook.log());
    }

    /**
     * One client's round {@code k}: create a DaemonSet on host port {@code 20000 + k}, update it,
     * then a dry-run create of another on the same port until the webhook denies it naming the first
     * (how long that takes is how far the cache lags the writes), then create one on a port of its own.
     */
    private static void round(
            ApiCalls api,
            int k,
            List<Long> latencies,
            ConcurrentLinkedQueue<Long> lags,
            ConcurrentLinkedQueue<String> failures) {
        String namespace = LargeCluster.namespace(k);
        String first = "burst-" + k + "-a";
        ApiCalls.Answer created =
                timed(latencies, () -> api.create(namespace, daemonSet(first, namespace, 20_000 + k), false));
        long createdAt = System.nanoTime();
        if (!created.accepted()) {
            failures.add("create " + first + ": " + created);
            return;
        }
        ObjectNode changed = (ObjectNode) created.body().deepCopy();
        ((ObjectNode) changed.at("/metadata")).putObject("annotations").put("round", Integer.toString(k));
        ApiCalls.Answer updated = timed(latencies, () -> api.update(namespace, first, changed, false));
        if (!updated.accepted()) {
            failures.add("update " + first + ": " + updated);
        }
        String otherNamespace = LargeCluster.namespace(k + 1);
        String second = "burst-" + k + "-b";
        while (true) {
            ApiCalls.Answer twin = timed(
                    latencies, () -> api.create(otherNamespace, daemonSet(second, otherNamespace, 20_000 + k), true));
            if (!twin.accepted()) {
                String expected = "DaemonSet \"" + namespace + "/" + first + "\"";
                if (twin.code() != 422 || !twin.message().contains(expected)) {
                    failures.add("dry-run " + second + " was refused, but not for " + expected + ": " + twin);
                }
                lags.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdAt));
                break;
            }
            if (System.nanoTime() - createdAt > TimeUnit.SECONDS.toNanos(60)) {
                failures.add("dry-run " + second + " was never denied for " + first + "'s host port");
                break;
            }
        }
        String third = "burst-" + k + "-c";
        ApiCalls.Answer own =
                timed(latencies, () -> api.create(namespace, daemonSet(third, namespace, 30_000 + k), false));
        if (!own.accepted()) {
            failures.add("create " + third + ": " + own);
        }
    }

    private static ApiCalls.Answer timed(List<Long> latencies, java.util.function.Supplier<ApiCalls.Answer> call) {
        long start = System.nanoTime();
        ApiCalls.Answer answer = call.get();
        latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return answer;
    }

    /** A node agent on one host port, on every Node that is not tainted. */
    static ObjectNode daemonSet(String name, String namespace, int hostPort) {
        ObjectNode brief = Fixtures.JSON.createObjectNode().put("name", name).put("namespace", namespace);
        brief.putArray("ports").addObject().put("containerPort", hostPort).put("hostPort", hostPort);
        return ClusterCases.manifest(brief);
    }

    /** p50, p99 and the maximum of some milliseconds. */
    static String spread(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "(none)";
        }
        return String.format(
                "p50 %d ms, p99 %d ms, max %d ms (%d)",
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }
}
