package dev.dswebhook.policy;

import java.util.List;

/**
 * How many Nodes a DaemonSet runs on, of those its targeting selects and of all: what its
 * {@code desiredNumberScheduled} will be, and what it leaves out.
 *
 * @param runsOn   the Nodes it runs on: selected, and with no taint it does not tolerate
 * @param selected the Nodes its {@code nodeName}, node selector and node affinity select
 * @param nodes    every Node
 */
public record Coverage(int runsOn, int selected, int nodes) {

    /** Where a placement runs among these Nodes. */
    public static Coverage of(Placement placement, List<ClusterView.Node> nodes) {
        int selected = 0;
        int runsOn = 0;
        for (ClusterView.Node node : nodes) {
            if (placement.selects(node)) {
                selected++;
                if (placement.untolerated(node).isEmpty()) {
                    runsOn++;
                }
            }
        }
        return new Coverage(runsOn, selected, nodes.size());
    }

    /** As a report says it: {@code runs on 12 of the 15 Nodes it selects (16 Nodes in all)}. */
    public String describe() {
        return "runs on " + runsOn + " of the " + selected + " Nodes it selects (" + nodes + " Nodes in all)";
    }
}
