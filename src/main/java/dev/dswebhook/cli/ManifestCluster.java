package dev.dswebhook.cli;

import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
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
 * <p>Only what the API server would store is there: a DaemonSet or workload it would refuse (no
 * selector, one that does not select its template) never exists, so it conflicts with nothing. An
 * object without a namespace is placed where {@code kubectl apply} would put it: the namespace given
 * with {@code --namespace}, else the kubeconfig context's with {@code --cluster}, else
 * {@code default}. Nodes are known when the live cluster's could be listed or the files hold some;
 * otherwise placement is judged symbolically. Pods are known from the live cluster, and from the
 * files when they hold some.
 */
final class ManifestCluster implements ClusterView {

    private final Map<String, List<Workload>> workloads;
    private final List<Workload> withHostPorts;
    private final List<DaemonSetInput> daemonSets;
    private final Optional<List<Node>> nodes;
    private final List<ClusterView.PriorityClass> priorityClasses;
    private final Map<String, List<io.fabric8.kubernetes.api.model.Pod>> pods;
    private final LiveCluster live;

    private ManifestCluster(
            Map<String, List<Workload>> workloads,
            List<DaemonSetInput> daemonSets,
            Optional<List<Node>> nodes,
            List<ClusterView.PriorityClass> priorityClasses,
            Map<String, List<io.fabric8.kubernetes.api.model.Pod>> pods,
            LiveCluster live) {
        this.workloads = workloads;
        this.withHostPorts = workloads.values().stream()
                .flatMap(List::stream)
                .filter(w -> !w.hostPorts().isEmpty())
                .toList();
        this.daemonSets = daemonSets;
        this.nodes = nodes;
        this.priorityClasses = priorityClasses;
        this.pods = pods;
        this.live = live;
    }

    /**
     * The view over a live cluster's objects, if any, and the manifests read from files.
     *
     * @param live             the live cluster, or {@code null} without {@code --cluster}
     * @param manifests        every object of the inputs, in order
     * @param defaultNamespace where objects without a namespace go
     */
    static ManifestCluster of(LiveCluster live, List<Manifest> manifests, String defaultNamespace) {
        LiveCluster.Snapshot snapshot = live == null ? null : live.snapshot();
        Map<String, Workload> workloads = new LinkedHashMap<>();
        Map<String, DaemonSetInput> daemonSets = new LinkedHashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, ClusterView.PriorityClass> priorityClasses = new LinkedHashMap<>();
        Map<String, List<io.fabric8.kubernetes.api.model.Pod>> pods = new LinkedHashMap<>();
        boolean nodesKnown = false;
        if (snapshot != null) {
            snapshot.workloads().forEach(workloads::put);
            snapshot.daemonSets().forEach(ds -> daemonSets.put(ds.namespace() + "/" + ds.name(), ds));
            if (snapshot.nodes().isPresent()) {
                nodesKnown = true;
                snapshot.nodes().get().forEach(node -> nodes.put(node.name(), node));
            }
            snapshot.priorityClasses().forEach(c -> priorityClasses.put(c.name(), c));
        }
        DaemonSetPolicy policy = new DaemonSetPolicy();
        for (Manifest manifest : manifests) {
            String namespace = manifest.namespace().isEmpty() ? defaultNamespace : manifest.namespace();
            if (manifest.isDaemonSet() && !manifest.name().isEmpty()) {
                if (policy.admissible(manifest.daemonSet())) {
                    DaemonSetInput daemonSet = placed(manifest.daemonSet(), defaultNamespace);
                    daemonSets.put(daemonSet.namespace() + "/" + daemonSet.name(), daemonSet);
                }
            } else if (manifest.neighbour() instanceof io.fabric8.kubernetes.api.model.Node node) {
                nodesKnown = true;
                nodes.put(manifest.name(), ClusterObjects.node(node));
            } else if (manifest.neighbour() instanceof io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass c) {
                priorityClasses.put(manifest.name(), ClusterObjects.priorityClass(c));
            } else if (manifest.neighbour() instanceof io.fabric8.kubernetes.api.model.Pod pod) {
                pods.computeIfAbsent(namespace, n -> new ArrayList<>()).add(pod);
            } else if (manifest.neighbour() != null) {
                String key = LiveCluster.key(manifest.kind(), namespace, manifest.name());
                workloads.remove(key);
                if (ClusterObjects.admissible(manifest.neighbour())) {
                    ClusterObjects.workload(manifest.neighbour())
                            .map(w -> w.inNamespace(namespace))
                            .ifPresent(w -> workloads.put(key, w));
                }
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
                nodesKnown ? Optional.of(List.copyOf(nodes.values())) : Optional.empty(),
                List.copyOf(priorityClasses.values()),
                pods,
                live);
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
    public List<Workload> workloadsWithHostPorts() {
        return withHostPorts;
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
    public List<ClusterView.PriorityClass> priorityClasses() {
        return priorityClasses;
    }

    /**
     * The pods of the live cluster and of the files that the selector takes in; not known when
     * there is no live cluster and the files hold no pods.
     */
    @Override
    public Pods pods(String namespace, LabelSelector selector) {
        List<ClusterView.Pod> out = new ArrayList<>();
        boolean more = false;
        if (live != null) {
            Pods listed = live.pods(namespace, selector);
            if (!listed.known()) {
                return listed;
            }
            out.addAll(listed.pods());
            more = listed.more();
        } else if (pods.isEmpty()) {
            return Pods.unknown("no pods are known without --cluster");
        }
        for (io.fabric8.kubernetes.api.model.Pod pod : pods.getOrDefault(namespace, List.of())) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null
                    ? Map.of()
                    : pod.getMetadata().getLabels();
            if (LabelSelectors.matches(selector, labels)) {
                ClusterObjects.pod(pod).ifPresent(out::add);
            }
        }
        return new Pods(out, more, null);
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }
}
