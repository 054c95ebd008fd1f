package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code selector-overlap}: a DaemonSet's selector takes in pods that are not its own: those of
 * another workload controller of its namespace, those of another DaemonSet (or another DaemonSet's
 * selector takes in its pods), or pods that no controller owns.
 *
 * <p>What that does is the controllers' claim rules ({@code controller_ref_manager.go}): a
 * controller leaves alone the pods another controller owns, and adopts the matching pods that no
 * controller owns. So two live owners coexist quietly; the harm comes when pods lose their owner
 * ({@code kubectl delete --cascade=orphan}, the usual way to replace a controller without
 * restarting its pods): the other controller adopts them, and a DaemonSet deletes the adopted pods
 * on Nodes it does not run on and replaces those that are not its current template. Pods that no
 * controller owns now, such as a debug pod, are adopted at once. It warns by default, since nothing
 * breaks until pods are orphaned.
 *
 * <p>Two controllers whose pods can never share a Node (Linux and Windows node plugins, which
 * upstream projects ship with one selector) are left out: both are installed as their projects ship them.
 */
final class SelectorOverlap implements ClusterRule {

    /** How many pods without an owner a message names, before it counts the rest. */
    static final int NAMED_PODS = 3;

    private static final String ORPHANED =
            "; if they lose their owner (kubectl delete --cascade=orphan), %s adopts them and deletes or replaces them";

    @Override
    public Rule rule() {
        return Rule.SELECTOR_OVERLAP;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        // Workloads first, then DaemonSets, then pods without an owner; each by name. A Deployment
        // shows up once for itself and once for each ReplicaSet of it with pods, and is reported once.
        ClusterRule.Found found = new ClusterRule.Found();
        boolean mine = ClusterRule.selects(daemonSet.selector());
        if (mine) {
            for (ClusterView.Workload workload : cluster.workloads(daemonSet.namespace())) {
                if (LabelSelectors.matches(daemonSet.selector(), workload.templateLabels())
                        && daemonSet.placement().mayMeet(workload.placement())) {
                    found.add(
                            "1 " + workload.kind() + " " + workload.name(),
                            selects(daemonSet, workload.displayName(daemonSet.namespace())));
                }
            }
        }
        Map<String, String> labels = daemonSet.templateLabels() == null ? Map.of() : daemonSet.templateLabels();
        for (DaemonSetInput other : cluster.daemonSets()) {
            if (!other.namespace().equals(daemonSet.namespace())
                    || ClusterRule.same(daemonSet, other)
                    || !daemonSet.placement().mayMeet(other.placement())) {
                continue;
            }
            String key = "2 " + other.name();
            String name = other.displayName(daemonSet.namespace());
            if (mine && LabelSelectors.matches(daemonSet.selector(), other.templateLabels())) {
                found.add(key, selects(daemonSet, name));
            } else if (ClusterRule.selects(other.selector()) && LabelSelectors.matches(other.selector(), labels)) {
                found.add(
                        key,
                        Violation.invalid(
                                        Rule.SELECTOR_OVERLAP,
                                        DaemonSetValidator.TEMPLATE_LABELS,
                                        labels,
                                        "the selector of " + name + " selects these pods"
                                                + String.format(ORPHANED, name))
                                .briefly("the selector of " + name + " takes in this DaemonSet's pods"));
            }
        }
        if (mine) {
            ownerless(daemonSet, cluster.pods(daemonSet.namespace(), daemonSet.selector()), found);
        }
        return found.list();
    }

    /** The pods that no controller owns, which this DaemonSet would adopt as soon as it exists. */
    private static void ownerless(DaemonSetInput daemonSet, ClusterView.Pods pods, ClusterRule.Found found) {
        List<String> names = new ArrayList<>(0);
        for (ClusterView.Pod pod : pods.pods()) {
            if (!pod.owned()) {
                names.add(pod.name());
            }
        }
        if (names.isEmpty()) {
            return;
        }
        String count = names.size() + (pods.more() ? " or more pods" : names.size() == 1 ? " pod" : " pods");
        List<String> quoted = new ArrayList<>();
        for (String name : names.subList(0, Math.min(NAMED_PODS, names.size()))) {
            quoted.add("\"" + name + "\"");
        }
        String listed = String.join(", ", quoted) + (names.size() > NAMED_PODS ? ", ..." : "");
        found.add(
                "3 pods",
                Violation.invalid(
                                Rule.SELECTOR_OVERLAP,
                                DaemonSetValidator.SELECTOR,
                                daemonSet.selector(),
                                "selects " + count + " that no controller owns (" + listed
                                        + "); this DaemonSet adopts "
                                        + (names.size() == 1 && !pods.more() ? "it" : "them")
                                        + " at once, and deletes or replaces each one that is not its own current pod"
                                        + " for its Node")
                        .briefly("the selector takes in " + count + " without an owner (" + listed
                                + "), which it adopts"));
    }

    private static Violation selects(DaemonSetInput daemonSet, String other) {
        return Violation.invalid(
                        Rule.SELECTOR_OVERLAP,
                        DaemonSetValidator.SELECTOR,
                        daemonSet.selector(),
                        "selects the pods of " + other + String.format(ORPHANED, "this DaemonSet"))
                .briefly("the selector takes in the pods of " + other);
    }
}
