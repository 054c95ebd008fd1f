package dev.dswebhook.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Node targeting against brute force: two targetings overlap exactly when some Node of a finite
 * universe runs both, as judged by a second, plain formulation of the scheduler's matching.
 *
 * <p>The universe is complete for what the generators write. Per key it holds every value they
 * name, fresh words they never name, and every integer from 0 past the largest bound, each spelled
 * three ways (with 0 to 2 leading zeros: {@code Gt} reads {@code 010} as 10, {@code In} does not).
 * A requirement treats two values it does not name alike, unless {@code Gt}/{@code Lt} tell them
 * apart by number, and no generated requirement names more than two spellings of one number; so
 * if any label set satisfies both targetings, one in the universe does.
 */
@Label("Node targeting overlap")
class NodeTargetingPropertyTest {

    static final List<String> KEYS = List.of("hw", "zone");
    static final List<String> VALUES = List.of("gpu", "cpu", "", "0", "1", "01", "10");
    static final List<String> BOUNDS = List.of("-1", "0", "1", "2", "9", "09", "11");
    static final List<String> NAMES = List.of("n1", "n2");
    static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    static final List<String> UNIVERSE = universe();
    static final List<String> NAME_UNIVERSE = List.of("n1", "n2", "fresh-a", "fresh-b");

    static List<String> universe() {
        List<String> out = new ArrayList<>(VALUES);
        for (int i = 0; i < 4; i++) {
            out.add("w" + i);
        }
        for (int n = 0; n <= 13; n++) {
            for (int zeros = 0; zeros <= 2; zeros++) {
                String spelled = "0".repeat(zeros) + n;
                if (!out.contains(spelled)) {
                    out.add(spelled);
                }
            }
        }
        return List.copyOf(out);
    }

    @Property(tries = 800)
    @Label("two targetings overlap exactly when some Node of the universe runs both")
    boolean overlapIsExact(@ForAll("targetings") NodeTargeting a, @ForAll("targetings") NodeTargeting b) {
        return a.overlaps(b) == someNodeRunsBoth(a, b);
    }

    @Property(tries = 3000)
    @Label("numeric bounds, exclusions and leading zeros on one key overlap exactly as brute force finds")
    boolean numericOverlapIsExact(
            @ForAll("numericTargetings") NodeTargeting a, @ForAll("numericTargetings") NodeTargeting b) {
        return a.overlaps(b) == someNodeRunsBoth(a, b);
    }

    @Property(tries = 200)
    @Label("overlap is symmetric, and a targeting that some Node satisfies overlaps itself")
    boolean overlapIsSymmetric(@ForAll("targetings") NodeTargeting a, @ForAll("targetings") NodeTargeting b) {
        return a.overlaps(b) == b.overlaps(a) && a.overlaps(a) == someNodeRunsBoth(a, a);
    }

    @Property(tries = 1000)
    @Label("a concrete Node matches exactly when the plain formulation says so")
    boolean matchingAgreesWithThePlainFormulation(
            @ForAll("targetings") NodeTargeting targeting, @ForAll("nodes") ClusterView.Node node) {
        return targeting.matches(node) == oracle(targeting, node);
    }

    /** Brute force: every assignment of the keys over the universe, and every name. */
    static boolean someNodeRunsBoth(NodeTargeting a, NodeTargeting b) {
        List<String> choices = new ArrayList<>(UNIVERSE);
        choices.add(null); // the key absent
        for (String hw : choices) {
            for (String zone : choices) {
                Map<String, String> labels = new HashMap<>();
                if (hw != null) {
                    labels.put("hw", hw);
                }
                if (zone != null) {
                    labels.put("zone", zone);
                }
                for (String name : NAME_UNIVERSE) {
                    ClusterView.Node node = new ClusterView.Node(name, labels);
                    if (oracle(a, node) && oracle(b, node)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The scheduler's rule, written plainly: every nodeSelector label, and some term whose requirements all hold. */
    static boolean oracle(NodeTargeting targeting, ClusterView.Node node) {
        for (Map.Entry<String, String> wanted : targeting.nodeSelector().entrySet()) {
            if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
                return false;
            }
        }
        if (targeting.requiredTerms() == null) {
            return true;
        }
        for (NodeTargeting.Term term : targeting.requiredTerms()) {
            if (term.matchExpressions().isEmpty() && term.matchFields().isEmpty()) {
                continue;
            }
            boolean all = true;
            for (NodeTargeting.Requirement r : term.matchExpressions()) {
                all &= holds(r, node.labels().get(r.key()));
            }
            for (NodeTargeting.Requirement r : term.matchFields()) {
                all &= r.key().equals("metadata.name") && holds(r, node.name());
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    static boolean holds(NodeTargeting.Requirement r, String value) {
        return switch (r.operator()) {
            case "In" -> value != null && r.values().contains(value);
            case "NotIn" -> value == null || !r.values().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || !value.matches("[0-9]{1,18}")) {
                    yield false;
                }
                int order = new BigInteger(value)
                        .compareTo(new BigInteger(r.values().get(0)));
                yield r.operator().equals("Gt") ? order > 0 : order < 0;
            }
            default -> false;
        };
    }

    @Provide
    Arbitrary<ClusterView.Node> nodes() {
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(UNIVERSE))
                .ofMaxSize(2)
                .map(LinkedHashMap::new);
        return Combinators.combine(Arbitraries.of(NAME_UNIVERSE), labels).as(ClusterView.Node::new);
    }

    @Provide
    Arbitrary<NodeTargeting> targetings() {
        Arbitrary<Map<String, String>> selector =
                Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(1);
        Arbitrary<List<NodeTargeting.Term>> terms = term().list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<List<NodeTargeting.Term>> maybeTerms = Arbitraries.oneOf(Arbitraries.just(null), terms, terms);
        return Combinators.combine(selector, maybeTerms).as(NodeTargeting::new);
    }

    /** Requirements on one key that mostly compare numbers, where leading zeros and narrow ranges matter. */
    @Provide
    Arbitrary<NodeTargeting> numericTargetings() {
        Arbitrary<NodeTargeting.Requirement> requirement = Arbitraries.of("Gt", "Lt", "NotIn", "In")
                .flatMap(op -> (op.equals("Gt") || op.equals("Lt")
                                ? Arbitraries.of(BOUNDS).map(List::of)
                                : Arbitraries.of("0", "1", "01", "2", "10")
                                        .list()
                                        .ofMinSize(1)
                                        .ofMaxSize(2))
                        .map(values -> new NodeTargeting.Requirement("hw", op, values)));
        return requirement
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(expressions -> new NodeTargeting(null, List.of(new NodeTargeting.Term(expressions, List.of()))));
    }

    Arbitrary<NodeTargeting.Term> term() {
        Arbitrary<List<NodeTargeting.Requirement>> expressions =
                expression().list().ofMaxSize(2);
        Arbitrary<List<NodeTargeting.Requirement>> fields = field().list().ofMaxSize(1);
        return Combinators.combine(expressions, fields).as(NodeTargeting.Term::new);
    }

    Arbitrary<NodeTargeting.Requirement> expression() {
        return Arbitraries.of(OPERATORS).flatMap(op -> {
            Arbitrary<List<String>> values = switch (op) {
                case "In", "NotIn" -> Arbitraries.of(VALUES).list().ofMinSize(1).ofMaxSize(2);
                case "Gt", "Lt" -> Arbitraries.of(BOUNDS).map(List::of);
                default -> Arbitraries.just(List.of());
            };
            return Combinators.combine(Arbitraries.of(KEYS), values)
                    .as((key, vals) -> new NodeTargeting.Requirement(key, op, vals));
        });
    }

    Arbitrary<NodeTargeting.Requirement> field() {
        return Combinators.combine(Arbitraries.of("In", "NotIn"), Arbitraries.of(NAMES))
                .as((op, name) -> new NodeTargeting.Requirement("metadata.name", op, List.of(name)));
    }
}
