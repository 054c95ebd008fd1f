package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;

/**
 * {@code selector-overlap}: a DaemonSet's selector must not take in the pods of another workload
 * controller of its namespace, nor another DaemonSet's selector its pods: "otherwise the DaemonSet
 * controller will think that those Pods were created by it", and the API server does not stop it.
 *
 * <p>A controller's pods carry its pod template's labels, so a selector takes them in exactly when
 * it selects those labels. A ReplicaSet that a Deployment owns is named as that Deployment.
 */
final class SelectorOverlap implements ClusterRule {

    static final String DETAIL = "; the two controllers would fight over them";

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        // Workloads first, then DaemonSets; each by name. A Deployment shows up once for itself and
        // once for each ReplicaSet of it with pods, and is reported once.
        ClusterRule.Found found = new ClusterRule.Found();
        boolean mine = ClusterRule.selects(daemonSet.selector());
        if (mine) {
            for (ClusterView.Workload workload : cluster.workloads(daemonSet.namespace())) {
                if (LabelSelectors.matches(daemonSet.selector(), workload.templateLabels())) {
                    found.add(
                            "1 " + workload.kind() + " " + workload.name(), selects(daemonSet, workload.displayName()));
                }
            }
        }
        Map<String, String> labels = daemonSet.templateLabels() == null ? Map.of() : daemonSet.templateLabels();
        for (DaemonSetInput other : cluster.daemonSets()) {
            if (!other.namespace().equals(daemonSet.namespace()) || ClusterRule.same(daemonSet, other)) {
                continue;
            }
            String key = "2 " + other.name();
            if (mine && LabelSelectors.matches(daemonSet.selector(), other.templateLabels())) {
                found.add(key, selects(daemonSet, other.displayName(daemonSet.namespace())));
            } else if (ClusterRule.selects(other.selector()) && LabelSelectors.matches(other.selector(), labels)) {
                found.add(
                        key,
                        Violation.invalid(
                                        Rule.SELECTOR_OVERLAP,
                                        DaemonSetValidator.TEMPLATE_LABELS,
                                        labels,
                                        "the selector of " + other.displayName(daemonSet.namespace())
                                                + " selects these pods" + DETAIL)
                                .briefly("the selector of " + other.displayName(daemonSet.namespace())
                                        + " takes in this DaemonSet's pods"));
            }
        }
        return found.list();
    }

    private static Violation selects(DaemonSetInput daemonSet, String other) {
        return Violation.invalid(
                        Rule.SELECTOR_OVERLAP,
                        DaemonSetValidator.SELECTOR,
                        daemonSet.selector(),
                        "selects the pods of " + other + DETAIL)
                .briefly("the selector takes in the pods of " + other);
    }
}
