package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.policy.ClusterContents;
import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.DaemonSetPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
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

    private final ClusterContents contents;
    private final Map<String, List<Workload>> workloads;
    private final List<Workload> withHostPorts;
    private final LiveCluster live;

    private ManifestCluster(ClusterContents contents, LiveCluster live) {
        this.contents = contents;
        this.workloads = contents.workloadsByNamespace();
        this.withHostPorts = workloads.values().stream()
                .flatMap(List::stream)
                .filter(w -> !w.hostPorts().isEmpty())
                .toList();
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
        ClusterContents contents = new ClusterContents();
        if (live != null) {
            LiveCluster.Snapshot snapshot = live.snapshot();
            for (HasMetadata object : snapshot.objects()) {
                contents.add(object, "");
            }
            if (snapshot.nodesListed()) {
                contents.nodesListed();
            }
        }
        DaemonSetPolicy policy = new DaemonSetPolicy();
        for (Manifest manifest : manifests) {
            if (manifest.isDaemonSet() && !manifest.name().isEmpty()) {
                if (policy.admissible(manifest.daemonSet())) {
                    contents.add(placed(manifest.daemonSet(), defaultNamespace));
                }
            } else if (manifest.neighbour() != null) {
                contents.add(manifest.neighbour(), defaultNamespace);
            }
        }
        return new ManifestCluster(contents, live);
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
        return contents.daemonSets();
    }

    @Override
    public Optional<List<Node>> nodes() {
        return contents.nodes();
    }

    @Override
    public List<PriorityClass> priorityClasses() {
        return contents.priorityClasses();
    }

    /**
     * The pods of the live cluster and of the files that the selector takes in; not known when
     * there is no live cluster and the files hold no pods.
     */
    @Override
    public Pods pods(String namespace, LabelSelector selector) {
        List<Pod> out = new ArrayList<>();
        boolean more = false;
        if (live != null) {
            Pods listed = live.pods(namespace, selector);
            if (!listed.known()) {
                return listed;
            }
            out.addAll(listed.pods());
            more = listed.more();
        } else if (!contents.podsKnown()) {
            return Pods.unknown("no pods are known without --cluster");
        }
        out.addAll(contents.pods(namespace, selector));
        return new Pods(out, more, null);
    }

    @Override
    public Map<ClusterKind.Role, String> untrusted() {
        return Map.of();
    }
}
