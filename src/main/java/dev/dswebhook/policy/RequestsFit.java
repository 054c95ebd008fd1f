package dev.dswebhook.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code requests-fit}: with the Nodes known, what the DaemonSet's pod requests, together with
 * what the pods of the other DaemonSets on the same Node request, must fit in what the Node offers
 * pods ({@code status.allocatable}): cpu, memory and the number of pods. Where it does not, one of
 * them is left Pending for good with the scheduler's {@code Insufficient cpu}, which is the first
 * cause of a stuck rollout the DaemonSet update documentation lists ("Some nodes run out of
 * resources"). Other pods on the Node take their share too, which no webhook sees; so the rule
 * counts only what is certain, and warns by default.
 */
final class RequestsFit implements ClusterRule {

    @Override
    public Rule rule() {
        return Rule.REQUESTS_FIT;
    }

    /** One Node the pods do not fit, and by how much of which resource. */
    private record Overflow(ClusterView.Node node, String resource, BigDecimal requested, BigDecimal offered) {}

    /** What every DaemonSet's pods request of one Node, and how many pods they are. */
    private record Load(PodRequests requests, int pods) {}

    private static final Load NO_LOAD = new Load(PodRequests.NONE, 0);

    /**
     * Each Node's load, for the lists of DaemonSets and Nodes it was added up from: a view hands out
     * the same lists until its caches change, and between two changes every write asks again.
     * Adding up every DaemonSet on every Node is the rule's whole cost in a large cluster (500
     * DaemonSets and 5,000 Nodes are 2.5 million placements), so it is done once per change.
     */
    private record Loads(
            List<DaemonSetInput> daemonSets, List<ClusterView.Node> nodes, Map<ClusterView.Node, Load> byNode) {}

    private volatile Loads loads = new Loads(List.of(), List.of(), Map.of());

    @Override
    public List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster) {
        Optional<List<ClusterView.Node>> known = cluster.nodes();
        if (known.isEmpty()) {
            return List.of();
        }
        List<DaemonSetInput> others = cluster.daemonSets();
        Map<ClusterView.Node, Load> byNode = loads(others, known.get());
        // The stored version of the DaemonSet judged is among them: its pods are the ones replaced.
        DaemonSetInput stored = null;
        for (DaemonSetInput other : others) {
            if (ClusterRule.same(daemonSet, other)) {
                stored = other;
                break;
            }
        }
        List<Overflow> overflows = new ArrayList<>();
        for (ClusterView.Node node : known.get()) {
            if (node.allocatable().isEmpty() || !daemonSet.placement().runsOn(node)) {
                continue;
            }
            Load load = byNode.get(node);
            PodRequests.Sum total = daemonSet.requests().sum();
            total.add(load.requests());
            int pods = 1 + load.pods();
            if (stored != null && stored.placement().runsOn(node)) {
                total.subtract(stored.requests());
                pods--;
            }
            for (String resource : ClusterView.Node.RESOURCES) {
                BigDecimal offered = node.allocatable().get(resource);
                BigDecimal requested = resource.equals("pods") ? BigDecimal.valueOf(pods) : total.of(resource);
                if (offered != null && requested.compareTo(offered) > 0) {
                    overflows.add(new Overflow(node, resource, requested, offered));
                    break;
                }
            }
        }
        if (overflows.isEmpty()) {
            return List.of();
        }
        overflows.sort(Comparator.comparing(o -> o.node().name()));
        Overflow first = overflows.get(0);
        String nodes = overflows.size() == 1
                ? "Node \"" + first.node().name() + "\""
                : "Node \"" + first.node().name() + "\" (and " + (overflows.size() - 1) + " more)";
        String amounts = first.resource() + " " + format(first.resource(), first.requested()) + " where it offers "
                + format(first.resource(), first.offered());
        return List.of(Violation.invalid(
                        Rule.REQUESTS_FIT,
                        "spec.template.spec.containers",
                        Violation.AN_ARRAY,
                        "with the other DaemonSets on " + nodes + ", the pods request " + amounts
                                + "; there one of them can never be scheduled")
                .briefly("with the other DaemonSets, the pods request " + amounts + " on " + nodes));
    }

    private Map<ClusterView.Node, Load> loads(List<DaemonSetInput> daemonSets, List<ClusterView.Node> nodes) {
        Loads last = loads;
        if (last.daemonSets() == daemonSets && last.nodes() == nodes) {
            return last.byNode();
        }
        Map<ClusterView.Node, Load> byNode = last.nodes() == nodes ? changed(last, daemonSets) : null;
        if (byNode == null) {
            byNode = new IdentityHashMap<>(nodes.size() * 2);
            for (ClusterView.Node node : nodes) {
                if (!node.allocatable().isEmpty()) {
                    byNode.put(node, load(node, daemonSets, List.of(), NO_LOAD));
                }
            }
        }
        loads = new Loads(daemonSets, nodes, byNode);
        return byNode;
    }

    /**
     * The loads after a change of DaemonSets only, from those before: a burst of DaemonSet writes
     * changes the list at each write, and adding up only what came and went keeps each write's cost
     * to the Nodes times the DaemonSets changed. {@code null} when more than a quarter of them
     * changed (and more than 8), where adding everything up again costs no more.
     */
    private static Map<ClusterView.Node, Load> changed(Loads last, List<DaemonSetInput> daemonSets) {
        Set<DaemonSetInput> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(last.daemonSets());
        List<DaemonSetInput> added = new ArrayList<>();
        for (DaemonSetInput d : daemonSets) {
            if (!before.remove(d)) {
                added.add(d);
            }
        }
        List<DaemonSetInput> removed = List.copyOf(before);
        if (added.size() + removed.size() > Math.max(8, daemonSets.size() / 4)) {
            return null;
        }
        Map<ClusterView.Node, Load> byNode = new IdentityHashMap<>(last.byNode());
        for (Map.Entry<ClusterView.Node, Load> entry : byNode.entrySet()) {
            entry.setValue(load(entry.getKey(), added, removed, entry.getValue()));
        }
        return byNode;
    }

    /** A Node's load {@code from} before, plus what {@code added} request of it, less what {@code removed} did. */
    private static Load load(
            ClusterView.Node node, List<DaemonSetInput> added, List<DaemonSetInput> removed, Load from) {
        PodRequests.Sum sum = null;
        int pods = from.pods();
        for (DaemonSetInput d : added) {
            if (d.placement().runsOn(node)) {
                sum = sum == null ? from.requests().sum() : sum;
                sum.add(d.requests());
                pods++;
            }
        }
        for (DaemonSetInput d : removed) {
            if (d.placement().runsOn(node)) {
                sum = sum == null ? from.requests().sum() : sum;
                sum.subtract(d.requests());
                pods--;
            }
        }
        return sum == null ? from : new Load(sum.total(), pods);
    }

    /** An amount as Kubernetes writes it: cores for cpu, binary units for memory, a count for pods. */
    static String format(String resource, BigDecimal amount) {
        if (resource.equals("memory")) {
            String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
            BigDecimal value = amount;
            int unit = 0;
            BigDecimal kibi = BigDecimal.valueOf(1024);
            while (unit < units.length - 1 && value.compareTo(kibi) >= 0) {
                value = value.divide(kibi, 3, RoundingMode.HALF_UP);
                unit++;
            }
            return value.stripTrailingZeros().toPlainString() + units[unit];
        }
        return amount.stripTrailingZeros().toPlainString();
    }
}
