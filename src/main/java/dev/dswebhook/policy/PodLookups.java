package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A view that decides how its delegate is asked for pods, the one kind a view may list from the
 * API server while a DaemonSet is judged: once per namespace and selector within one judgement (an
 * update judges the new object and the old one, whose selector cannot differ), or not at all.
 */
final class PodLookups implements ClusterView {

    private final ClusterView delegate;
    private final boolean ask;
    private final Map<String, Pods> asked = new HashMap<>(2);

    private PodLookups(ClusterView delegate, boolean ask) {
        this.delegate = delegate;
        this.ask = ask;
    }

    /** The view, asked for each namespace and selector's pods once. */
    static ClusterView once(ClusterView delegate) {
        return new PodLookups(delegate, true);
    }

    /** The view, with pods never asked for. */
    static ClusterView none(ClusterView delegate) {
        return new PodLookups(delegate, false);
    }

    @Override
    public Pods pods(String namespace, LabelSelector selector) {
        if (!ask) {
            return Pods.unknown("pods are not listed here");
        }
        return asked.computeIfAbsent(namespace + "\n" + selector, key -> delegate.pods(namespace, selector));
    }

    @Override
    public boolean listsPodsLive() {
        return ask && delegate.listsPodsLive();
    }

    @Override
    public List<Workload> workloads(String namespace) {
        return delegate.workloads(namespace);
    }

    @Override
    public List<Workload> workloadsWithHostPorts() {
        return delegate.workloadsWithHostPorts();
    }

    @Override
    public List<DaemonSetInput> daemonSets() {
        return delegate.daemonSets();
    }

    @Override
    public Optional<List<Node>> nodes() {
        return delegate.nodes();
    }

    @Override
    public List<PriorityClass> priorityClasses() {
        return delegate.priorityClasses();
    }

    @Override
    public Map<ClusterKind.Role, String> untrusted() {
        return delegate.untrusted();
    }
}
