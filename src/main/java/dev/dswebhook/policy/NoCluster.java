package dev.dswebhook.policy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A view with no other objects and no Nodes: the rest of the cluster when there is none to see,
 * or, with a reason, when it cannot be trusted now and the rules that need it are skipped.
 *
 * @param reason why the view cannot be trusted, or {@code null} when it is simply empty
 */
record NoCluster(String reason) implements ClusterView {

    @Override
    public List<Workload> workloads(String namespace) {
        return List.of();
    }

    @Override
    public List<DaemonSetInput> daemonSets() {
        return List.of();
    }

    @Override
    public List<Workload> workloadsWithHostPorts() {
        return List.of();
    }

    @Override
    public Optional<List<Node>> nodes() {
        return Optional.empty();
    }

    @Override
    public List<PriorityClass> priorityClasses() {
        return List.of();
    }

    @Override
    public Pods pods(String namespace, io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return Pods.unknown("no pods are known");
    }

    @Override
    public Map<ClusterKind.Role, String> untrusted() {
        if (reason == null) {
            return Map.of();
        }
        Map<ClusterKind.Role, String> out = new EnumMap<>(ClusterKind.Role.class);
        for (ClusterKind.Role role : ClusterKind.Role.values()) {
            out.put(role, reason);
        }
        return out;
    }
}
