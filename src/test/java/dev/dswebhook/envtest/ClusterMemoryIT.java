package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Flood;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The webhook's memory with a large cluster in its caches: 10,000 workload controllers and 5,000
 * Nodes, shaped like real ones (pod templates of a few kilobytes, Nodes with a dozen labels and
 * their annotations), watched by the packaged server with the Dockerfile's JVM flags.
 *
 * <p>The baseline is the same server, same flags, watching nothing, measured in the same run.
 */
@DisplayName("Memory with a large cluster cached")
class ClusterMemoryIT {

    static final int NAMESPACES = 50;
    static final Map<String, Integer> WORKLOADS = counts();
    static final int NODES = 5_000;

    private static ControlPlane controlPlane;

    static Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("Deployment", 2_500);
        counts.put("ReplicaSet", 5_000); // two revisions of each Deployment, one scaled to zero
        counts.put("StatefulSet", 1_000);
        counts.put("DaemonSet", 1_000);
        counts.put("ReplicationController", 500);
        return counts;
    }

    @BeforeAll
    static void fill() throws Exception {
        controlPlane = ControlPlane.start();
        KubernetesClient client = controlPlane.client();
        for (int n = 0; n < NAMESPACES; n++) {
            controlPlane.namespace("team-" + n);
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (Map.Entry<String, Integer> kind : WORKLOADS.entrySet()) {
            for (int i = 0; i < kind.getValue(); i++) {
                objects.add(workload(kind.getKey(), i));
            }
        }
        for (int i = 0; i < NODES; i++) {
            objects.add(node(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ObjectNode object : objects) {
                done.add(pool.submit(() -> create(client, object)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    @DisplayName("10,000 workloads and 5,000 Nodes cached: RSS within the Deployment's limit, and the rules see them")
    void aLargeClusterFitsWithinTheLimit() throws Exception {
        long limit = PackagedWebhook.deploymentMemoryLimitMiB();
        long baseline;
        try (PackagedWebhook idle =
                PackagedWebhook.builder().asTheDockerfileRunsIt().start()) {
            PackagedWebhook.sleep(2_000);
            baseline = idle.rssMiB();
        }
        long start = System.nanoTime();
        try (PackagedWebhook webhook = ClusterRulesIT.watching(controlPlane)
                .asTheDockerfileRunsIt()
                .setting("webhook.cluster.sync-timeout", "5m")
                .start()) {
            long readyMillis = (System.nanoTime() - start) / 1_000_000;
            Map<String, Integer> cached = ClusterRulesIT.cached(webhook);
            assertEquals(NODES, cached.get("Nodes"), cached::toString);
            for (Map.Entry<String, Integer> kind : WORKLOADS.entrySet()) {
                assertEquals(kind.getValue(), cached.get(kind.getKey() + "s"), cached::toString);
            }
            PackagedWebhook.sleep(2_000);
            long rss = webhook.rssMiB();
            long peak = webhook.peakRssMiB();

            // The view at that scale: a DaemonSet on a host port one of the thousand takes is denied,
            // with one of the 5,000 Nodes named.
            ClusterCase conflict = ClusterCases.named(
                    "a host port another DaemonSet takes in another namespace is denied, naming the Node");
            ObjectNode review = conflict.review("memory-1");
            ObjectNode object = (ObjectNode) review.at("/request/object");
            ((ObjectNode) object.at("/spec/template/spec/containers/0/ports/0")).put("hostPort", 9100);
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
            assertTrue(flood.answered() > 0, flood::toString);
            assertEquals(NODES, ClusterRulesIT.cached(webhook).get("Nodes"), "the caches are intact");
            System.out.printf(
                    "cluster memory: with the caches full, 32 x 7 MiB: %s; peak RSS %d MiB%n", flood, floodPeak);
            System.out.printf(
                    "cluster memory: %d workloads and %d Nodes cached; ready after %d ms; RSS %d MiB (peak %d MiB) "
                            + "against %d MiB watching nothing: %.2fx; limit %d MiB%n",
                    WORKLOADS.values().stream().mapToInt(Integer::intValue).sum(),
                    NODES,
                    readyMillis,
                    rss,
                    peak,
                    baseline,
                    (double) rss / baseline,
                    limit);
            assertTrue(webhook.alive(), webhook.log());
            assertTrue(
                    floodPeak < limit, "peak RSS " + floodPeak + " MiB stays under the Deployment's " + limit + " MiB");
        }
    }

    private static void create(KubernetesClient client, ObjectNode object) {
        if (object.path("kind").asText().equals("Node")) {
            // Ready, as its kubelet would report it: a Node still tainted not-ready runs no DaemonSet.
            Scheduling.register(client, object);
            return;
        }
        try {
            GenericKubernetesResource resource = Fixtures.JSON.treeToValue(object, GenericKubernetesResource.class);
            var kind = client.genericKubernetesResources(
                    object.path("apiVersion").asText(), object.path("kind").asText());
            String namespace = object.at("/metadata/namespace").asText();
            (namespace.isEmpty() ? kind : kind.inNamespace(namespace))
                    .resource(resource)
                    .create();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A workload controller of a few kilobytes, as a chart renders one: two containers with
     * probes, resources, environment and mounts.
     */
    static ObjectNode workload(String kind, int i) {
        String name = kind.toLowerCase() + "-" + i;
        ObjectNode brief = Fixtures.JSON
                .createObjectNode()
                .put("kind", kind)
                .put("name", name)
                .put("namespace", "team-" + (i % NAMESPACES));
        brief.putObject("labels")
                .put("app.kubernetes.io/name", name)
                .put("app.kubernetes.io/instance", "release-" + i)
                .put("app.kubernetes.io/part-of", "shop")
                .put("app.kubernetes.io/version", "1." + (i % 20) + ".0");
        if (kind.equals("ReplicaSet")) {
            brief.put("owner", "deployment-" + (i / 2));
            brief.put("replicas", i % 2);
        }
        if (kind.equals("DaemonSet") && i % 10 == 0) {
            brief.putArray("ports").addObject().put("containerPort", 9100).put("hostPort", 9100);
            brief.putObject("nodeSelector").put("pool", "pool-" + (i % 7));
        }
        ObjectNode object = ClusterCases.manifest(brief);
        ObjectNode pod = (ObjectNode) object.at("/spec/template/spec");
        ArrayNode containers = (ArrayNode) pod.path("containers");
        containers.addObject().put("name", "sidecar").put("image", "registry.example.com/proxy:1.27.3");
        for (JsonNode c : containers) {
            ObjectNode container = (ObjectNode) c;
            ArrayNode env = container.putArray("env");
            for (int e = 0; e < 10; e++) {
                env.addObject().put("name", "SETTING_" + e).put("value", "value-of-setting-" + e + "-for-" + name);
            }
            ObjectNode resources = container.putObject("resources");
            resources.putObject("requests").put("cpu", "100m").put("memory", "128Mi");
            resources.putObject("limits").put("cpu", "1").put("memory", "512Mi");
            container
                    .putObject("readinessProbe")
                    .put("periodSeconds", 10)
                    .putObject("httpGet")
                    .put("path", "/healthz/ready")
                    .put("port", 8080);
            container.putArray("volumeMounts").addObject().put("name", "config").put("mountPath", "/etc/app");
        }
        pod.putArray("volumes")
                .addObject()
                .put("name", "config")
                .putObject("configMap")
                .put("name", name + "-config");
        ((ObjectNode) object.path("metadata"))
                .putObject("annotations")
                .put("meta.helm.sh/release-name", "release-" + i)
                .put("meta.helm.sh/release-namespace", "team-" + (i % NAMESPACES));
        return object;
    }

    /** A Node with the labels and annotations a cloud and kubelet give it. */
    static ObjectNode node(int i) {
        ObjectNode labels = Fixtures.JSON
                .createObjectNode()
                .put("kubernetes.io/hostname", "node-" + i)
                .put("kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", i % 4 == 0 ? "arm64" : "amd64")
                .put("beta.kubernetes.io/os", "linux")
                .put("beta.kubernetes.io/arch", i % 4 == 0 ? "arm64" : "amd64")
                .put("node.kubernetes.io/instance-type", "m6i." + (i % 3 == 0 ? "xlarge" : "2xlarge"))
                .put("topology.kubernetes.io/region", "eu-west-1")
                .put("topology.kubernetes.io/zone", "eu-west-1" + (char) ('a' + i % 3))
                .put("pool", "pool-" + (i % 7))
                .put("eks.amazonaws.com/nodegroup", "group-" + (i % 12))
                .put("eks.amazonaws.com/capacityType", i % 5 == 0 ? "SPOT" : "ON_DEMAND")
                .put("k8s.io/cloud-provider-aws", "0123456789abcdef0123456789abcdef");
        ObjectNode brief = Fixtures.JSON.createObjectNode().put("kind", "Node").put("name", "node-" + i);
        brief.set("labels", labels);
        ObjectNode node = ClusterCases.manifest(brief);
        ((ObjectNode) node.path("metadata"))
                .putObject("annotations")
                .put("node.alpha.kubernetes.io/ttl", "0")
                .put("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .put("alpha.kubernetes.io/provided-node-ip", "10.0." + (i / 250) + "." + (i % 250));
        node.putObject("spec")
                .put("podCIDR", "10.100." + (i % 250) + ".0/24")
                .put("providerID", "aws:///eu-west-1a/i-0" + Integer.toHexString(0x10000000 + i));
        return node;
    }
}
