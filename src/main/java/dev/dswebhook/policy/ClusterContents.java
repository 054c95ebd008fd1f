package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects of the {@link ClusterKind}s, read into what the rules read of them: the rest of the
 * cluster as the check command sees it in files and a live cluster, and as the test fixtures hold it.
 *
 * <p>A later object of the same kind, namespace and name replaces an earlier one, as a file replaces
 * what a live cluster has. Only what the API server would store counts: a workload it would refuse
 * never runs a pod. Nodes and pods are known once any was added, or once they were listed.
 */
public final class ClusterContents {

    private record PodEntry(String namespace, Map<String, String> labels, ClusterView.Pod pod) {}

    private final Map<String, ClusterView.Workload> workloads = new LinkedHashMap<>();
    private final Map<String, DaemonSetInput> daemonSets = new LinkedHashMap<>();
    private final Map<String, ClusterView.Node> nodes = new LinkedHashMap<>();
    private final Map<String, ClusterView.PriorityClass> priorityClasses = new LinkedHashMap<>();
    private final List<PodEntry> pods = new ArrayList<>();
    private boolean nodesKnown;
    private boolean podsKnown;

    /** Adds a DaemonSet, in the namespace it is in. */
    public void add(DaemonSetInput daemonSet) {
        daemonSets.put(daemonSet.namespace() + "/" + daemonSet.name(), daemonSet);
    }

    /**
     * Adds an object of one of the kinds, placed in {@code namespace} when it names none; objects of
     * other kinds are ignored.
     */
    public void add(HasMetadata object, String namespace) {
        Optional<ClusterKind> kind = ClusterKind.of(object);
        if (kind.isEmpty() || object.getMetadata() == null) {
            return;
        }
        String own = object.getMetadata().getNamespace();
        String placed = own == null || own.isEmpty() ? namespace : own;
        String name = object.getMetadata().getName();
        String key = kind.get().kind() + "/" + placed + "/" + name;
        // A switch expression, so that a new role does not compile until it is handled here.
        Runnable read = switch (kind.get().role()) {
            case DAEMON_SET ->
                () -> {
                    DaemonSetInput daemonSet =
                            DaemonSetInput.of((io.fabric8.kubernetes.api.model.apps.DaemonSet) object);
                    add(daemonSet.namespace().isEmpty() ? daemonSet.inNamespace(placed) : daemonSet);
                };
            case WORKLOAD ->
                () -> {
                    workloads.remove(key);
                    if (ClusterObjects.admissible(object)) {
                        ClusterObjects.workload(object)
                                .map(w -> w.inNamespace(placed))
                                .ifPresent(w -> workloads.put(key, w));
                    }
                };
            case NODE ->
                () -> {
                    nodesKnown = true;
                    nodes.put(name, ClusterObjects.node((io.fabric8.kubernetes.api.model.Node) object));
                };
            case PRIORITY_CLASS ->
                () -> priorityClasses.put(
                        name, ClusterObjects.priorityClass((io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass)
                                object));
            case POD ->
                () -> {
                    podsKnown = true;
                    Map<String, String> labels = object.getMetadata().getLabels();
                    ClusterObjects.pod((io.fabric8.kubernetes.api.model.Pod) object)
                            .ifPresent(p -> pods.add(new PodEntry(placed, labels == null ? Map.of() : labels, p)));
                };
        };
        read.run();
    }

    /** Records that the Nodes were listed, so that none at all is known to be none. */
    public void nodesListed() {
        nodesKnown = true;
    }

    /** The workloads, by namespace. */
    public Map<String, List<ClusterView.Workload>> workloadsByNamespace() {
        Map<String, List<ClusterView.Workload>> out = new LinkedHashMap<>();
        for (ClusterView.Workload workload : workloads.values()) {
            out.computeIfAbsent(workload.namespace(), n -> new ArrayList<>()).add(workload);
        }
        return out;
    }

    /** The DaemonSets. */
    public List<DaemonSetInput> daemonSets() {
        return List.copyOf(daemonSets.values());
    }

    /** The DaemonSets by {@code namespace/name}. */
    public Map<String, DaemonSetInput> daemonSetsByName() {
        return Map.copyOf(daemonSets);
    }

    /** The Nodes, or empty when none was added or listed. */
    public Optional<List<ClusterView.Node>> nodes() {
        return nodesKnown ? Optional.of(List.copyOf(nodes.values())) : Optional.empty();
    }

    /** The priority classes. */
    public List<ClusterView.PriorityClass> priorityClasses() {
        return List.copyOf(priorityClasses.values());
    }

    /** Whether any pod was added, so that the pods a selector takes in are known to be these. */
    public boolean podsKnown() {
        return podsKnown;
    }

    /** The pods of a namespace that a selector takes in, as far as any were added. */
    public List<ClusterView.Pod> pods(String namespace, LabelSelector selector) {
        List<ClusterView.Pod> out = new ArrayList<>();
        for (PodEntry entry : pods) {
            if (entry.namespace().equals(namespace) && LabelSelectors.matches(selector, entry.labels())) {
                out.add(entry.pod());
            }
        }
        return out;
    }
}
