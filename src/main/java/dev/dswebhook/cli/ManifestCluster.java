package dev.dswebhook.cli;

import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rest of the cluster as the check command sees it: the objects of the files it reads and,
 * with {@code --cluster}, those of a live cluster, where an object in a file replaces the live one
 * of the same kind, namespace and name (the file is what is about to be applied).
 *
 * <p>An object without a namespace is placed where {@code kubectl apply} would put it: the
 * namespace given with {@code --namespace}, else the kubeconfig context's with {@code --cluster},
 * else one namespace shared by every such object. Nodes are known when the live cluster's could be
 * listed or the files hold some; otherwise node targeting is judged symbolically.
 */
final class ManifestCluster implements ClusterView {

    private final Map<String, List<Workload>> workloads;
    private final List<DaemonSetInput> daemonSets;
    private final Optional<List<Node>> nodes;

    private ManifestCluster(
            Map<String, List<Workload>> workloads, List<DaemonSetInput> daemonSets, Optional<List<Node>> nodes) {
        this.workloads = workloads;
        this.daemonSets = daemonSets;
        this.nodes = nodes;
    }

    /**
     * The view over a live cluster's objects, if any, and the manifests read from files.
     *
     * @param live             the live cluster's objects, or {@code null} without {@code --cluster}
     * @param manifests        every object of the inputs, in order
     * @param defaultNamespace where objects without a namespace go
     */
    static ManifestCluster of(LiveCluster.Snapshot live, List<Manifest> manifests, String defaultNamespace) {
        Map<String, Workload> workloads = new LinkedHashMap<>();
        Map<String, DaemonSetInput> daemonSets = new LinkedHashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        boolean nodesKnown = false;
        if (live != null) {
            live.workloads().forEach(workloads::put);
            live.daemonSets().forEach(ds -> daemonSets.put(ds.namespace() + "/" + ds.name(), ds));
            if (live.nodes().isPresent()) {
                nodesKnown = true;
                live.nodes().get().forEach(node -> nodes.put(node.name(), node));
            }
        }
        for (Manifest manifest : manifests) {
            if (manifest.isDaemonSet() && !manifest.name().isEmpty()) {
                DaemonSetInput daemonSet = placed(manifest.daemonSet(), defaultNamespace);
                daemonSets.put(daemonSet.namespace() + "/" + daemonSet.name(), daemonSet);
            } else if (manifest.neighbour() instanceof io.fabric8.kubernetes.api.model.Node node) {
                nodesKnown = true;
                nodes.put(manifest.name(), ClusterObjects.node(node));
            } else if (manifest.neighbour() != null) {
                String namespace = manifest.namespace().isEmpty() ? defaultNamespace : manifest.namespace();
                String key = LiveCluster.key(manifest.kind(), namespace, manifest.name());
                workloads.remove(key);
                ClusterObjects.workload(manifest.neighbour())
                        .map(w -> new Workload(w.kind(), namespace, w.name(), w.templateLabels()))
                        .ifPresent(w -> workloads.put(key, w));
            }
        }
        Map<String, List<Workload>> byNamespace = new LinkedHashMap<>();
        for (Workload workload : workloads.values()) {
            byNamespace
                    .computeIfAbsent(workload.namespace(), n -> new ArrayList<>())
                    .add(workload);
        }
        return new ManifestCluster(
                byNamespace,
                List.copyOf(daemonSets.values()),
                nodesKnown ? Optional.of(List.copyOf(nodes.values())) : Optional.empty());
    }

    /** A DaemonSet from a file in the namespace it would be applied to. */
    static DaemonSetInput placed(DaemonSetInput daemonSet, String defaultNamespace) {
        return daemonSet.namespace().isEmpty() ? daemonSet.inNamespace(defaultNamespace) : daemonSet;
    }

    @Override
    public List<Workload> workloads(String namespace) {
        return workloads.getOrDefault(namespace, List.of());
    }

    @Override
    public List<DaemonSetInput> daemonSets() {
        return daemonSets;
    }

    @Override
    public Optional<List<Node>> nodes() {
        return nodes;
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }
}
