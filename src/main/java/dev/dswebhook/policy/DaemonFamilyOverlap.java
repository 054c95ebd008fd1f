package dev.dswebhook.policy;

import java.util.List;

/**
 * {@code daemon-family-overlap}: the DaemonSets of one daemon, such as one per kind of hardware
 * with different flags or requests, must not target overlapping Nodes, or the Nodes in the
 * overlap run the daemon twice (two log shippers sending every line twice).
 *
 * <p>A daemon is named by one pod template label, {@code app.kubernetes.io/name} unless
 * configured otherwise. It warns by default: sharing that label is a convention, not a contract.
 */
final class DaemonFamilyOverlap implements ClusterRule {

    private final String familyLabel;

    DaemonFamilyOverlap(String familyLabel) {
        this.familyLabel = familyLabel;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        String family = daemonSet.templateLabels() == null
                ? null
                : daemonSet.templateLabels().get(familyLabel);
        if (family == null || family.isEmpty()) {
            return List.of();
        }
        ClusterRule.Found found = new ClusterRule.Found();
        for (DaemonSetInput other : cluster.daemonSets()) {
            if (!other.namespace().equals(daemonSet.namespace())
                    || ClusterRule.same(daemonSet, other)
                    || other.templateLabels() == null
                    || !family.equals(other.templateLabels().get(familyLabel))
                    || !daemonSet.nodeTargeting().overlaps(other.nodeTargeting())) {
                continue;
            }
            String example = HostPortConflict.example(daemonSet, other, cluster);
            found.add(
                    other.name(),
                    Violation.invalid(
                                    Rule.DAEMON_FAMILY_OVERLAP,
                                    DaemonSetValidator.TEMPLATE_LABELS + "[" + familyLabel + "]",
                                    family,
                                    other.displayName(daemonSet.namespace())
                                            + " runs the same daemon and can run on the same Nodes" + example
                                            + ", which would then run it twice")
                            .briefly(other.displayName(daemonSet.namespace())
                                    + " runs the same daemon on the same Nodes" + example));
        }
        return found.list();
    }
}
