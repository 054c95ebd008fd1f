package dev.dswebhook.policy;

import java.util.List;
import java.util.Optional;

/**
 * {@code host-port-conflict}: two DaemonSets, in any namespaces, must not take the same host port
 * (same port, protocol and an overlapping address) where both can run. On a Node that runs one,
 * the other's pod can never be scheduled, and it waits Pending with nothing to tell its author why.
 *
 * <p>"Where both can run" is decided exactly from their node targeting ({@link NodeTargeting#overlaps});
 * when the Nodes are known, one Node that would run both is named.
 */
final class HostPortConflict implements ClusterRule {

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        ClusterRule.Found found = new ClusterRule.Found();
        List<HostPort> ports = daemonSet.hostPorts();
        for (int i = 0; i < ports.size(); i++) {
            HostPort mine = ports.get(i);
            for (DaemonSetInput other : cluster.daemonSets()) {
                if (ClusterRule.same(daemonSet, other)
                        || other.hostPorts().stream().noneMatch(mine::conflictsWith)
                        || !daemonSet.nodeTargeting().overlaps(other.nodeTargeting())) {
                    continue;
                }
                String example = example(daemonSet, other, cluster);
                String taken =
                        "host port " + mine.display() + " is also taken by " + other.displayName(daemonSet.namespace());
                found.add(
                        String.format("%05d %s/%s", i, other.namespace(), other.name()),
                        Violation.invalid(
                                        Rule.HOST_PORT_CONFLICT,
                                        mine.field(),
                                        mine.port(),
                                        taken + ", which can run on the same Nodes" + example
                                                + "; there, one of the two pods can never be scheduled")
                                .briefly(taken + example));
            }
        }
        return found.list();
    }

    /** A Node both would run on, when the Nodes are known and one does. */
    static String example(DaemonSetInput daemonSet, DaemonSetInput other, ClusterView cluster) {
        Optional<List<ClusterView.Node>> nodes = cluster.nodes();
        if (nodes.isEmpty() || nodes.get().isEmpty()) {
            // No Nodes, as in a cluster that has none registered yet, is nothing to name.
            return "";
        }
        return daemonSet
                .nodeTargeting()
                .firstCommonNode(other.nodeTargeting(), nodes.get())
                .map(node -> " (Node \"" + node.name() + "\", for one)")
                .orElse(" (though no Node known now runs both)");
    }
}
