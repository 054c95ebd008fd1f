package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the pods of two placements share a Node, and how sure that is: on Nodes the cluster has
 * now, which is certain; or only possibly: kept apart now by taints alone (which can be lifted
 * without any write to either object), on a Node that could join but is not there now, or
 * anywhere their targeting overlaps when the Nodes are not known at all.
 *
 * @param kind    which of these it is
 * @param nodes   for {@link Kind#ON_NODES} the Nodes that run both, for {@link Kind#APART_BY_TAINTS}
 *                those that both select, by name; empty otherwise
 * @param taints  for {@link Kind#APART_BY_TAINTS}, the taints that keep them apart on the first of those Nodes
 */
public record Meeting(Kind kind, List<ClusterView.Node> nodes, List<Taint> taints) {

    /** How the two meet. */
    public enum Kind {
        /** Never: no Node can be selected by both. */
        NEVER,
        /** On known Nodes that run both now. */
        ON_NODES,
        /** On known Nodes that both select, but where a taint keeps one of them off. */
        APART_BY_TAINTS,
        /** Only on a Node that is not known now. */
        NO_KNOWN_NODE,
        /** Wherever their targeting overlaps; the Nodes are not known. */
        NODES_UNKNOWN
    }

    private static final Meeting NEVER = new Meeting(Kind.NEVER, List.of(), List.of());

    public Meeting {
        nodes = List.copyOf(nodes);
        taints = List.copyOf(taints);
    }

    /** Where the pods of {@code mine} and {@code theirs} share a Node, given the Nodes if they are known. */
    public static Meeting of(Placement mine, Placement theirs, Optional<List<ClusterView.Node>> known) {
        if (!mine.mayMeet(theirs)) {
            return NEVER;
        }
        if (known.isEmpty()) {
            return new Meeting(Kind.NODES_UNKNOWN, List.of(), List.of());
        }
        List<ClusterView.Node> both = new ArrayList<>(0);
        List<ClusterView.Node> selected = new ArrayList<>(0);
        for (ClusterView.Node node : known.get()) {
            if (mine.selects(node) && theirs.selects(node)) {
                selected.add(node);
                if (mine.untolerated(node).isEmpty() && theirs.untolerated(node).isEmpty()) {
                    both.add(node);
                }
            }
        }
        // The views hand Nodes over in no particular order; a message must name the same one each time.
        Comparator<ClusterView.Node> byName = Comparator.comparing(ClusterView.Node::name);
        if (!both.isEmpty()) {
            both.sort(byName);
            return new Meeting(Kind.ON_NODES, both, List.of());
        }
        if (!selected.isEmpty()) {
            selected.sort(byName);
            ClusterView.Node first = selected.get(0);
            Set<Taint> apart = new LinkedHashSet<>(mine.untolerated(first));
            apart.addAll(theirs.untolerated(first));
            return new Meeting(Kind.APART_BY_TAINTS, selected, List.copyOf(apart));
        }
        return new Meeting(Kind.NO_KNOWN_NODE, List.of(), List.of());
    }

    /** Whether they can share a Node at all. */
    public boolean possible() {
        return kind != Kind.NEVER;
    }

    /** Whether they share a Node the cluster has now. */
    public boolean certain() {
        return kind == Kind.ON_NODES;
    }

    /**
     * Where they meet, for a message, after the words "can run on the same Nodes": {@code (Node "w1")},
     * {@code (Node "w1" and 2 more)}, or why it is only possible.
     */
    public String where() {
        return switch (kind) {
            case ON_NODES -> " (" + named(nodes) + ")";
            case APART_BY_TAINTS ->
                " but for the " + (taints.size() == 1 ? "taint " : "taints ") + taintList(taints) + " (on "
                        + named(nodes) + ")";
            case NO_KNOWN_NODE -> ", though no Node known now runs both";
            case NODES_UNKNOWN -> " if a Node runs both (the Nodes are not known)";
            case NEVER -> "";
        };
    }

    /** The same, briefly, for a warning. */
    public String briefly() {
        return switch (kind) {
            case ON_NODES -> " on " + named(nodes);
            case APART_BY_TAINTS -> ", apart only by taint " + taints.get(0).key();
            case NO_KNOWN_NODE -> ", though on no Node known now";
            case NODES_UNKNOWN -> " (Nodes not known)";
            case NEVER -> "";
        };
    }

    /**
     * When what a rule warns of would happen, if it only may: {@code without it} (the taint) or
     * {@code on a Node that runs both}, to go before what would happen and {@link #there()}.
     */
    public String otherwise() {
        return kind == Kind.APART_BY_TAINTS
                ? (taints.size() == 1 ? "without it" : "without them")
                : "on a Node that runs both";
    }

    /** Where, after what would happen: {@code there} when the Nodes were named, nothing otherwise. */
    public String there() {
        return kind == Kind.APART_BY_TAINTS ? " there" : "";
    }

    /** {@code Node "a"}, or {@code Node "a" and 3 more}. */
    static String named(List<ClusterView.Node> nodes) {
        return named(nodes, 1);
    }

    /** The first {@code count} Nodes by name, then how many more: {@code Node "a", Node "b" and 3 more}. */
    static String named(List<ClusterView.Node> nodes, int count) {
        List<String> names = new java.util.ArrayList<>(count);
        for (ClusterView.Node node : nodes.subList(0, Math.min(count, nodes.size()))) {
            names.add("Node \"" + node.name() + "\"");
        }
        return String.join(", ", names) + (nodes.size() > count ? " and " + (nodes.size() - count) + " more" : "");
    }

    private static String taintList(List<Taint> taints) {
        List<String> out = new ArrayList<>(taints.size());
        taints.forEach(t -> out.add(t.display()));
        return String.join(", ", out);
    }
}
