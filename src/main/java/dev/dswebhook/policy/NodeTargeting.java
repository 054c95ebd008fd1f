package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which Nodes a pod template may run on by their labels and names: its {@code nodeName}, its
 * {@code nodeSelector}, and its required node affinity ({@code requiredDuringSchedulingIgnoredDuringExecution}),
 * as the DaemonSet controller and the scheduler read them. Taints are {@link Placement}'s.
 *
 * <p>A Node must be the one {@code nodeName} names, if any, have every {@code nodeSelector} label,
 * and satisfy at least one required term when there are any; a term holds when all its expressions
 * and fields do, and an empty term, or one with an operator Kubernetes does not know, holds for no
 * Node. {@link #overlaps} is exact: it is true when some Node that a kubelet could register, with
 * some labels and name, could run the pods of both. A kubelet gives every Node the same value under
 * {@code kubernetes.io/os} and {@code beta.kubernetes.io/os}, and likewise for {@code arch}, so
 * {@code overlaps} reads those pairs as one key; {@link #matches} reads a Node's labels as they are.
 *
 * @param nodeSelector  {@code spec.template.spec.nodeSelector}, empty when none
 * @param requiredTerms the required node affinity's terms, or {@code null} when there is none
 * @param nodeName      {@code spec.template.spec.nodeName}, empty when none
 */
public record NodeTargeting(Map<String, String> nodeSelector, List<Term> requiredTerms, String nodeName) {

    /** Every Node. */
    public static final NodeTargeting EVERY_NODE = new NodeTargeting(Map.of(), null, "");

    /**
     * Label keys the kubelet always sets to the same value as another ({@code kubelet_node_status.go},
     * the deprecated beta labels beside the stable ones), by the key they stand for.
     */
    private static final Map<String, String> SAME_AS = Map.of(
            "beta.kubernetes.io/os", "kubernetes.io/os",
            "beta.kubernetes.io/arch", "kubernetes.io/arch");

    /** Targeting by node selector and required terms, with no {@code nodeName}. */
    public NodeTargeting(Map<String, String> nodeSelector, List<Term> requiredTerms) {
        this(nodeSelector, requiredTerms, "");
    }

    /** The key {@code matchFields} terms use for a Node's name, which every Node has. */
    static final String NODE_NAME = "metadata.name";

    /**
     * One {@code nodeSelectorTerms} entry.
     *
     * @param matchExpressions requirements on the Node's labels
     * @param matchFields      requirements on the Node's fields; Kubernetes supports {@code metadata.name}
     */
    public record Term(List<Requirement> matchExpressions, List<Requirement> matchFields) {

        public Term {
            matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
            matchFields = matchFields == null ? List.of() : List.copyOf(matchFields);
        }
    }

    /** One node selector requirement: a key, an operator ({@code In}, ..., {@code Gt}, {@code Lt}), values. */
    public record Requirement(String key, String operator, List<String> values) {

        public Requirement {
            key = key == null ? "" : Interned.string(key);
            operator = Interned.string(operator);
            values = Interned.list(values);
        }
    }

    public NodeTargeting {
        nodeSelector = Interned.map(nodeSelector);
        requiredTerms = requiredTerms == null ? null : List.copyOf(requiredTerms);
        nodeName = nodeName == null ? "" : nodeName;
    }

    /** The targeting of a pod spec held as a fabric8 model object. */
    public static NodeTargeting of(PodSpec spec) {
        if (spec == null) {
            return EVERY_NODE;
        }
        Affinity affinity = spec.getAffinity();
        NodeSelector required = affinity == null || affinity.getNodeAffinity() == null
                ? null
                : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        List<Term> terms = null;
        if (required != null) {
            terms = new ArrayList<>();
            for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
                terms.add(new Term(requirements(term.getMatchExpressions()), requirements(term.getMatchFields())));
            }
        }
        String nodeName = spec.getNodeName();
        if (terms == null
                && (spec.getNodeSelector() == null || spec.getNodeSelector().isEmpty())
                && (nodeName == null || nodeName.isEmpty())) {
            return EVERY_NODE;
        }
        return new NodeTargeting(spec.getNodeSelector(), terms, nodeName);
    }

    private static List<Requirement> requirements(List<NodeSelectorRequirement> from) {
        List<Requirement> out = new ArrayList<>();
        if (from != null) {
            for (NodeSelectorRequirement requirement : from) {
                out.add(new Requirement(requirement.getKey(), requirement.getOperator(), requirement.getValues()));
            }
        }
        return out;
    }

    /** Whether the pods may run on a Node, by its labels and name. */
    public boolean matches(ClusterView.Node node) {
        if (requiredTerms == null) {
            // Nearly every pod's case, asked for every Node and every DaemonSet of a large cluster:
            // a node selector and a Node name, compared without building constraints.
            if (!nodeName.isEmpty() && !nodeName.equals(node.name())) {
                return false;
            }
            for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
                if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        Map<String, String> fields = Map.of(NODE_NAME, node.name());
        for (LabelConstraints alternative : alternatives(false)) {
            // Labels and fields are different namespaces of keys; a field key is prefixed apart.
            if (alternative.matches(withFields(node.labels(), fields))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some Node could run the pods of both. */
    public boolean overlaps(NodeTargeting other) {
        for (LabelConstraints mine : alternatives(true)) {
            for (LabelConstraints theirs : other.alternatives(true)) {
                if (mine.and(theirs).satisfiable()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The targeting as alternatives, one conjunction per required term (one when there are none).
     *
     * @param kubeletLabels whether to read the label keys a kubelet keeps equal as one
     */
    List<LabelConstraints> alternatives(boolean kubeletLabels) {
        List<LabelConstraints> out = new ArrayList<>();
        if (requiredTerms == null) {
            out.add(selector(kubeletLabels));
            return out;
        }
        for (Term term : requiredTerms) {
            if (term.matchExpressions().isEmpty() && term.matchFields().isEmpty()) {
                continue; // an empty term holds for no Node
            }
            LabelConstraints constraints = selector(kubeletLabels);
            for (Requirement requirement : term.matchExpressions()) {
                constraints.require(
                        key(requirement.key(), kubeletLabels), requirement.operator(), requirement.values());
            }
            for (Requirement requirement : term.matchFields()) {
                if (!NODE_NAME.equals(requirement.key())
                        || !(requirement.operator().equals("In")
                                || requirement.operator().equals("NotIn"))) {
                    constraints.require(FIELD + requirement.key(), "Unsupported", List.of());
                } else {
                    constraints.require(FIELD + NODE_NAME, requirement.operator(), requirement.values());
                }
            }
            out.add(constraints.alwaysPresent(FIELD + NODE_NAME));
        }
        return out;
    }

    /** Field keys are kept apart from label keys, which may not contain this character. */
    private static final String FIELD = "\0field:";

    /** The node selector's constraints, and the {@code nodeName}'s, which every alternative shares. */
    private LabelConstraints selector(boolean kubeletLabels) {
        LabelConstraints constraints = new LabelConstraints();
        nodeSelector.forEach((key, value) -> constraints.requireEqual(key(key, kubeletLabels), value));
        if (!nodeName.isEmpty()) {
            // The DaemonSet controller's first test, and the scheduler's: the Node of that name, or none.
            constraints.requireEqual(FIELD + NODE_NAME, nodeName).alwaysPresent(FIELD + NODE_NAME);
        }
        return constraints;
    }

    private static String key(String key, boolean kubeletLabels) {
        return kubeletLabels ? SAME_AS.getOrDefault(key, key) : key;
    }

    private static Map<String, String> withFields(Map<String, String> labels, Map<String, String> fields) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        fields.forEach((key, value) -> out.put(FIELD + key, value));
        return out;
    }
}
