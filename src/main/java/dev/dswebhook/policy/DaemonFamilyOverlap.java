package dev.dswebhook.policy;

import java.util.List;

/**
 * {@code daemon-family-overlap}: the DaemonSets of one daemon, such as one per kind of hardware
 * with different flags or requests, or one per install of the same chart, must not run on the same
 * Nodes, or those Nodes run the daemon twice (two log shippers sending every line twice). Two
 * installs in two namespaces are no exception: a Node runs the pods of both.
 *
 * <p>A daemon is named by one pod template label, {@code app.kubernetes.io/name} unless
 * configured otherwise. It warns by default: sharing that label is a convention, not a contract.
 * Where the two meet only possibly (kept apart by taints, or on no Node known now) the warning says so.
 */
final class DaemonFamilyOverlap implements ClusterRule {

    private final String familyLabel;

    DaemonFamilyOverlap(String familyLabel) {
        this.familyLabel = familyLabel;
    }

    @Override
    public Rule rule() {
        return Rule.DAEMON_FAMILY_OVERLAP;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        String family = DaemonFamily.of(daemonSet, familyLabel);
        if (family == null) {
            return List.of();
        }
        ClusterRule.Found found = new ClusterRule.Found();
        for (DaemonSetInput other : DaemonFamily.others(daemonSet, family, familyLabel, cluster)) {
            Meeting meeting = Meeting.of(daemonSet.placement(), other.placement(), cluster.nodes());
            if (!meeting.possible()) {
                continue;
            }
            String name = other.displayName(daemonSet.namespace());
            found.add(
                    other.namespace() + "/" + other.name(),
                    Violation.invalid(
                                    Rule.DAEMON_FAMILY_OVERLAP,
                                    DaemonSetValidator.TEMPLATE_LABELS + "[" + familyLabel + "]",
                                    family,
                                    name + " runs the same daemon and can run on the same Nodes" + meeting.where()
                                            + (meeting.certain()
                                                    ? ", which then run it twice"
                                                    : "; " + meeting.otherwise() + ", it would run twice"
                                                            + meeting.there()))
                            .briefly(name + " runs the same daemon" + meeting.briefly())
                            .possibly(!meeting.certain()));
        }
        return found.list();
    }
}
