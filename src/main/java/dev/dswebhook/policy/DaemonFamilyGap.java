package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code daemon-family-gap}: with the Nodes known, the DaemonSets of one daemon (one per kind of
 * hardware, "with different flags and/or different memory and cpu requests", as the DaemonSet
 * documentation puts it) together should leave no Node without the daemon. A Node that none of them
 * runs on, while they run on others, is a Node whose logs or metrics nobody collects. It warns by
 * default, and says nothing of a daemon that has one DaemonSet ({@code node-coverage} does).
 */
final class DaemonFamilyGap implements ClusterRule {

    /** How many Nodes a message names, before it counts the rest. */
    static final int NAMED_NODES = 3;

    private final String familyLabel;

    DaemonFamilyGap(String familyLabel) {
        this.familyLabel = familyLabel;
    }

    @Override
    public Rule rule() {
        return Rule.DAEMON_FAMILY_GAP;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        String family = DaemonFamily.of(daemonSet, familyLabel);
        Optional<List<ClusterView.Node>> known = cluster.nodes();
        if (family == null || known.isEmpty() || known.get().isEmpty()) {
            return List.of();
        }
        List<DaemonSetInput> members = new ArrayList<>();
        members.add(daemonSet);
        members.addAll(DaemonFamily.others(daemonSet, family, familyLabel, cluster));
        if (members.size() < 2) {
            return List.of();
        }
        List<ClusterView.Node> gaps = new ArrayList<>();
        for (ClusterView.Node node : known.get()) {
            if (members.stream().noneMatch(member -> member.placement().runsOn(node))) {
                gaps.add(node);
            }
        }
        int total = known.get().size();
        if (gaps.isEmpty() || gaps.size() == total) {
            return List.of();
        }
        gaps.sort(Comparator.comparing(ClusterView.Node::name));
        String listed = Meeting.named(gaps, NAMED_NODES);
        String without = gaps.size() + " of the " + total + " Nodes";
        return List.of(Violation.invalid(
                        Rule.DAEMON_FAMILY_GAP,
                        DaemonSetValidator.TEMPLATE_LABELS + "[" + familyLabel + "]",
                        family,
                        "the " + members.size() + " DaemonSets of this daemon run on " + (total - gaps.size())
                                + " of the " + total + " Nodes, and none of them on " + listed)
                .briefly("the daemon's " + members.size() + " DaemonSets leave " + without + " without it: " + listed));
    }
}
