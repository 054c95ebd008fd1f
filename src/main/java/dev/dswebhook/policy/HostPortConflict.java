package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code host-port-conflict}: a DaemonSet must not take a host port (same port, protocol and an
 * overlapping address) that another DaemonSet, in any namespace, or the pods of a workload
 * controller take on a Node where both run. The scheduler's node-ports check then leaves one of the
 * two pods Pending there for good, with nothing to tell the DaemonSet's author why.
 *
 * <p>It denies only what a known Node shows: two DaemonSets whose pods both run on a Node the
 * cluster has now (labels, taints and {@code nodeName}, as the DaemonSet controller places them),
 * or a workload whose pods run now on a Node this DaemonSet runs on. What only may happen warns and
 * says why: the pods are kept apart by taints alone, or would meet only on a Node that is not there
 * now, or the Nodes or the workload's pods are not known. Which pod loses the port is said where
 * priority decides it: the scheduler preempts the lower pod for the higher one.
 */
final class HostPortConflict implements ClusterRule {

    @Override
    public Rule rule() {
        return Rule.HOST_PORT_CONFLICT;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        List<HostPort> ports = daemonSet.hostPorts();
        if (ports.isEmpty()) {
            return List.of();
        }
        ClusterRule.Found found = new ClusterRule.Found();
        Optional<List<ClusterView.Node>> nodes = cluster.nodes();
        Priorities.Priority mine = Priorities.of(daemonSet.priorityClassName(), cluster);
        for (int i = 0; i < ports.size(); i++) {
            HostPort port = ports.get(i);
            for (DaemonSetInput other : cluster.daemonSets()) {
                if (ClusterRule.same(daemonSet, other)
                        || other.hostPorts().stream().noneMatch(port::conflictsWith)) {
                    continue;
                }
                Meeting meeting = Meeting.of(daemonSet.placement(), other.placement(), nodes);
                if (meeting.possible()) {
                    String taken = taken(port, other.displayName(daemonSet.namespace()));
                    Priorities.Priority theirs = Priorities.of(other.priorityClassName(), cluster);
                    found.add(
                            String.format("%05d 1 %s/%s", i, other.namespace(), other.name()),
                            violation(
                                    port,
                                    taken + ", which can run on the same Nodes" + meeting.where() + "; "
                                            + (meeting.certain()
                                                    ? "there "
                                                            + loser(
                                                                    mine,
                                                                    theirs,
                                                                    "its pod, which can then never be scheduled there")
                                                    : meeting.otherwise()
                                                            + ", one of the two pods can never be scheduled"
                                                            + meeting.there()),
                                    taken + meeting.briefly(),
                                    !meeting.certain()));
                }
            }
            for (ClusterView.Workload workload : cluster.workloadsWithHostPorts()) {
                if (workload.replicas() == 0 || workload.hostPorts().stream().noneMatch(port::conflictsWith)) {
                    continue;
                }
                String key =
                        String.format("%05d 2 %s/%s/%s", i, workload.namespace(), workload.kind(), workload.name());
                workloadConflict(daemonSet, port, workload, mine, cluster).ifPresent(v -> found.add(key, v));
            }
        }
        return found.list();
    }

    /**
     * The conflict with a workload's pods: certain where one of them runs now on a Node this
     * DaemonSet runs on; possible where they may be placed on such a Node but where they run is
     * not known; none where they are known to run elsewhere, since the scheduler then keeps them
     * off the Nodes whose port this DaemonSet's pods hold.
     */
    private static Optional<Violation> workloadConflict(
            DaemonSetInput daemonSet,
            HostPort port,
            ClusterView.Workload workload,
            Priorities.Priority mine,
            ClusterView cluster) {
        Optional<List<ClusterView.Node>> nodes = cluster.nodes();
        Meeting meeting = Meeting.of(daemonSet.placement(), workload.placement(), nodes);
        if (!meeting.possible()) {
            return Optional.empty();
        }
        String taken = taken(port, "the pods of " + workload.displayName(daemonSet.namespace()));
        ClusterView.Pods pods = cluster.pods(workload.namespace(), LabelSelectors.equalTo(workload.templateLabels()));
        if (nodes.isEmpty() || !pods.known()) {
            return Optional.of(violation(
                    port,
                    taken + ", which can run on the same Nodes" + meeting.where()
                            + "; " + (meeting.certain() ? "on a Node that runs one" : meeting.otherwise())
                            + ", one of the two pods can never be scheduled" + meeting.there(),
                    taken + meeting.briefly(),
                    true));
        }
        List<ClusterView.Node> shared = new ArrayList<>(0);
        Map<String, ClusterView.Node> byName = new java.util.HashMap<>();
        nodes.get().forEach(node -> byName.put(node.name(), node));
        for (ClusterView.Pod pod : pods.pods()) {
            ClusterView.Node node = byName.get(pod.nodeName());
            if (pod.owned() && node != null && daemonSet.placement().runsOn(node) && !shared.contains(node)) {
                shared.add(node);
            }
        }
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        shared.sort(java.util.Comparator.comparing(ClusterView.Node::name));
        Priorities.Priority theirs = Priorities.of(workload.priorityClassName(), cluster);
        return Optional.of(violation(
                port,
                taken + ", which run on " + Meeting.named(shared) + " where this DaemonSet runs; there "
                        + loser(mine, theirs, "their pods, which must then find another Node"),
                taken + " on " + Meeting.named(shared),
                false));
    }

    private static String taken(HostPort port, String other) {
        return "host port " + port.display() + " is also taken by " + other;
    }

    /**
     * Which pod loses the port on a Node both want: the scheduler preempts a lower-priority pod for
     * a higher one that may preempt; otherwise the one that came second, this DaemonSet's, stays Pending.
     */
    private static String loser(Priorities.Priority mine, Priorities.Priority theirs, String preempted) {
        if (mine.preempts(theirs)) {
            return "this DaemonSet's priority class " + mine.name() + " preempts " + preempted;
        }
        if (!mine.comparable(theirs)) {
            return "one of the two pods can never be scheduled";
        }
        return "this DaemonSet's pod can never be scheduled";
    }

    private static Violation violation(HostPort port, String detail, String brief, boolean possible) {
        return Violation.invalid(Rule.HOST_PORT_CONFLICT, port.field(), port.port(), detail)
                .briefly(brief)
                .possibly(possible);
    }
}
