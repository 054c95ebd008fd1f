package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A daemon family: the DaemonSets, in any namespace, whose pod templates carry the same value of
 * the family label ({@code app.kubernetes.io/name} unless configured otherwise).
 */
final class DaemonFamily {

    private DaemonFamily() {}

    /** The family a DaemonSet belongs to, or {@code null} when its template has no such label. */
    static String of(DaemonSetInput daemonSet, String familyLabel) {
        String family = daemonSet.templateLabels() == null
                ? null
                : daemonSet.templateLabels().get(familyLabel);
        return family == null || family.isEmpty() ? null : family;
    }

    /** The family's other DaemonSets in the cluster, in the cluster's order. */
    static List<DaemonSetInput> others(
            DaemonSetInput daemonSet, String family, String familyLabel, ClusterView cluster) {
        List<DaemonSetInput> out = new ArrayList<>();
        for (DaemonSetInput other : cluster.daemonSets()) {
            if (!ClusterRule.same(daemonSet, other) && family.equals(of(other, familyLabel))) {
                out.add(other);
            }
        }
        return out;
    }
}
