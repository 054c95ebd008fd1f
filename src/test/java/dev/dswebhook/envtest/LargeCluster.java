package dev.dswebhook.envtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A large cluster's objects, shaped like real ones: Deployments with the ten ReplicaSets their
 * default {@code revisionHistoryLimit} keeps (the newest running, the others scaled to zero, each
 * with its own {@code pod-template-hash}), DaemonSets, a tenth of them on host ports, and Nodes with
 * the labels a cloud and kubelet give them, one in five a spot Node with its taint. Pod templates
 * are a few kilobytes, as a chart renders them.
 *
 * @param deployments how many Deployments, each with {@link #REVISIONS} ReplicaSets
 * @param daemonSets  how many DaemonSets
 * @param nodes       how many Nodes
 */
record LargeCluster(int deployments, int daemonSets, int nodes) {

    static final int NAMESPACES = 50;

    /** ReplicaSets per Deployment: Kubernetes' default {@code revisionHistoryLimit} keeps ten. */
    static final int REVISIONS = 10;

    /** How many ReplicaSets that makes. */
    int replicaSets() {
        return deployments * REVISIONS;
    }

    /** How many objects in all. */
    int objects() {
        return deployments + replicaSets() + daemonSets + nodes;
    }

    /** Creates the namespaces the objects are in. */
    void createNamespaces(ControlPlane plane) {
        for (int n = 0; n < NAMESPACES; n++) {
            plane.namespace(namespace(n));
        }
    }

    /** No objects: where a cluster is grown from. */
    static final LargeCluster NONE = new LargeCluster(0, 0, 0);

    /**
     * Creates, from 16 clients, the objects of this cluster that a smaller one, already created,
     * does not have: each is numbered, and a larger cluster's objects are a smaller one's and more.
     * The namespaces are made with {@link #createNamespaces} first.
     */
    void createBeyond(LargeCluster already, ControlPlane plane) throws Exception {
        List<ObjectNode> objects = new ArrayList<>(objects() - already.objects());
        for (int i = already.nodes(); i < nodes; i++) {
            objects.add(node(i));
        }
        for (int i = already.deployments(); i < deployments; i++) {
            objects.add(workload("Deployment", i));
        }
        for (int i = already.replicaSets(); i < replicaSets(); i++) {
            objects.add(workload("ReplicaSet", i));
        }
        for (int i = already.daemonSets(); i < daemonSets; i++) {
            objects.add(workload("DaemonSet", i));
        }
        KubernetesClient client = plane.client();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>(objects.size());
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

    static String namespace(int n) {
        return "team-" + (n % NAMESPACES);
    }

    /** The name of ReplicaSet {@code i}, which Deployment {@code i / REVISIONS} owns. */
    static String replicaSet(int i) {
        return "deployment-" + (i / REVISIONS) + "-" + hash(i);
    }

    private static String hash(int i) {
        // A multiplicative hash modulo 2^40 is one-to-one: each ReplicaSet gets its own, as in a real cluster.
        return Long.toHexString((i * 2654435761L + 0x5f3759dfL) & 0xffffffffffL);
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
            kind.inNamespace(object.at("/metadata/namespace").asText())
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
        boolean replicaSet = kind.equals("ReplicaSet");
        int app = replicaSet ? i / REVISIONS : i;
        String appName = (replicaSet ? "deployment" : kind.toLowerCase()) + "-" + app;
        String name = replicaSet ? replicaSet(i) : appName;
        ObjectNode brief = Fixtures.JSON
                .createObjectNode()
                .put("kind", kind)
                .put("name", name)
                .put("namespace", namespace(app));
        ObjectNode labels = brief.putObject("labels")
                .put("app.kubernetes.io/name", appName)
                .put("app.kubernetes.io/instance", "release-" + app)
                .put("app.kubernetes.io/part-of", "shop")
                .put("app.kubernetes.io/version", "1." + (app % 20) + ".0");
        if (replicaSet) {
            labels.put("pod-template-hash", hash(i));
            brief.put("owner", appName);
            // The newest revision runs; the nine the history keeps are scaled to zero.
            brief.put("replicas", i % REVISIONS == REVISIONS - 1 ? 2 : 0);
        } else if (kind.equals("Deployment")) {
            brief.put("replicas", 2);
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
                env.addObject().put("name", "SETTING_" + e).put("value", "value-of-setting-" + e + "-for-" + appName);
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
                .put("name", appName + "-config");
        ((ObjectNode) object.path("metadata"))
                .putObject("annotations")
                .put("meta.helm.sh/release-name", "release-" + app)
                .put("meta.helm.sh/release-namespace", namespace(app));
        return object;
    }

    /** A Node with the labels and annotations a cloud and kubelet give it; one in five is a tainted spot Node. */
    static ObjectNode node(int i) {
        boolean spot = i % 5 == 0;
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
                .put("eks.amazonaws.com/capacityType", spot ? "SPOT" : "ON_DEMAND")
                .put("k8s.io/cloud-provider-aws", "0123456789abcdef0123456789abcdef");
        ObjectNode brief = Fixtures.JSON.createObjectNode().put("kind", "Node").put("name", "node-" + i);
        brief.set("labels", labels);
        if (spot) {
            brief.putArray("taints")
                    .addObject()
                    .put("key", "eks.amazonaws.com/capacityType")
                    .put("value", "SPOT")
                    .put("effect", "NoSchedule");
        }
        ObjectNode node = ClusterCases.manifest(brief);
        ((ObjectNode) node.path("metadata"))
                .putObject("annotations")
                .put("node.alpha.kubernetes.io/ttl", "0")
                .put("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .put("alpha.kubernetes.io/provided-node-ip", "10.0." + (i / 250) + "." + (i % 250));
        (node.has("spec") ? (ObjectNode) node.get("spec") : node.putObject("spec"))
                .put("podCIDR", "10.100." + (i % 250) + ".0/24")
                .put("providerID", "aws:///eu-west-1a/i-0" + Integer.toHexString(0x10000000 + i));
        return node;
    }
}
