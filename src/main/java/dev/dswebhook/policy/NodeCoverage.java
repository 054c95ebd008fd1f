package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code node-coverage}: with the Nodes known, a DaemonSet should run somewhere, and on every Node
 * it selects. The DaemonSet controller leaves out a Node whose {@code NoSchedule} or
 * {@code NoExecute} taint the pod does not tolerate, and counts it nowhere: its
 * {@code desiredNumberScheduled} drops the Node, so the usual alerts on that figure stay green while
 * the daemon (a log shipper, a node exporter) never runs there. It warns by default: some clusters
 * keep daemons off tainted Nodes on purpose.
 */
final class NodeCoverage implements ClusterRule {

    @Override
    public Rule rule() {
        return Rule.NODE_COVERAGE;
    }

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        Optional<List<ClusterView.Node>> known = cluster.nodes();
        if (known.isEmpty() || known.get().isEmpty()) {
            return List.of();
        }
        List<ClusterView.Node> nodes = known.get();
        Placement placement = daemonSet.placement();
        List<ClusterView.Node> selected = new ArrayList<>();
        Map<String, List<ClusterView.Node>> skippedBy = new LinkedHashMap<>();
        for (ClusterView.Node node : nodes) {
            if (placement.selects(node)) {
                selected.add(node);
                List<Taint> untolerated = placement.untolerated(node);
                if (!untolerated.isEmpty()) {
                    skippedBy
                            .computeIfAbsent(untolerated.get(0).display(), t -> new ArrayList<>())
                            .add(node);
                }
            }
        }
        if (selected.isEmpty()) {
            return List.of(Violation.invalid(
                            Rule.NODE_COVERAGE,
                            targetingField(placement.targeting()),
                            targetingValue(placement.targeting()),
                            "selects no Node (the cluster has " + nodes.size() + "), so the DaemonSet runs on none")
                    .briefly("runs on no Node: its Node selection matches none of the " + nodes.size()));
        }
        if (skippedBy.isEmpty()) {
            return List.of();
        }
        int skipped = skippedBy.values().stream().mapToInt(List::size).sum();
        // The taint that keeps it off the most Nodes first, each with the Nodes it keeps it off.
        List<Map.Entry<String, List<ClusterView.Node>>> byTaint = new ArrayList<>(skippedBy.entrySet());
        byTaint.sort(Comparator.<Map.Entry<String, List<ClusterView.Node>>>comparingInt(
                        e -> -e.getValue().size())
                .thenComparing(Map.Entry::getKey));
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, List<ClusterView.Node>> e : byTaint) {
            List<ClusterView.Node> held = new ArrayList<>(e.getValue());
            held.sort(Comparator.comparing(ClusterView.Node::name));
            reasons.add("taint " + e.getKey() + " (" + Meeting.named(held) + ")");
        }
        List<String> taints = byTaint.stream().map(Map.Entry::getKey).toList();
        return List.of(Violation.invalid(
                        Rule.NODE_COVERAGE,
                        TOLERATIONS,
                        tolerations(placement),
                        "runs on " + (selected.size() - skipped) + " of the " + selected.size()
                                + " Nodes it selects; taints it does not tolerate keep it off the rest: "
                                + String.join(", ", reasons))
                .briefly("skips " + skipped + " of " + selected.size() + " Nodes: taint " + taints.get(0)
                        + (taints.size() > 1 ? " and " + (taints.size() - 1) + " more" : "")));
    }

    static final String TOLERATIONS = "spec.template.spec.tolerations";

    /** The tolerations as written, as the API server prints them in a message. */
    private static List<Map<String, String>> tolerations(Placement placement) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Toleration t : placement.tolerations()) {
            Map<String, String> written = new LinkedHashMap<>();
            put(written, "effect", t.effect());
            put(written, "key", t.key());
            put(written, "operator", t.operator());
            put(written, "value", t.value());
            out.add(written);
        }
        return out.isEmpty() ? null : out;
    }

    private static void put(Map<String, String> into, String key, String value) {
        if (!value.isEmpty()) {
            into.put(key, value);
        }
    }

    /** Where the targeting that selects no Node is: the most specific part the template sets. */
    private static String targetingField(NodeTargeting targeting) {
        if (!targeting.nodeName().isEmpty()) {
            return "spec.template.spec.nodeName";
        }
        if (!targeting.nodeSelector().isEmpty()) {
            return "spec.template.spec.nodeSelector";
        }
        return targeting.requiredTerms() != null
                ? "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                : "spec.template.spec";
    }

    private static Object targetingValue(NodeTargeting targeting) {
        if (!targeting.nodeName().isEmpty()) {
            return targeting.nodeName();
        }
        if (!targeting.nodeSelector().isEmpty()) {
            return targeting.nodeSelector();
        }
        return targeting.requiredTerms() != null ? Violation.AN_OBJECT : null;
    }
}
