package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Selector matching against a second, deliberately plain formulation of apimachinery's
 * semantics: every {@code matchLabels} entry is an {@code In} of one value, each requirement is a
 * predicate over the optional label value, and the selector is their conjunction.
 */
@Label("Selector semantics")
class SelectorSemanticsPropertyTest {

    static final List<String> KEYS = List.of("app", "tier", "example.com/role", "canary");
    static final List<String> VALUES = List.of("", "web", "db", "v1");

    @Property(tries = 2000)
    @Label("the policy matches exactly when the plain formulation does")
    boolean matchingAgreesWithThePlainFormulation(
            @ForAll("selectors") LabelSelector selector, @ForAll("labels") Map<String, String> labels) {
        return LabelSelectors.matches(selector, labels) == oracle(selector).test(labels);
    }

    @Property(tries = 200)
    @Label("an empty selector selects every label set, and a missing one selects none")
    boolean emptySelectsAllAndMissingSelectsNone(@ForAll("labels") Map<String, String> labels) {
        return LabelSelectors.matches(new LabelSelector(), labels) && !LabelSelectors.matches(null, labels);
    }

    /** The plain formulation. */
    static Predicate<Map<String, String>> oracle(LabelSelector selector) {
        List<Predicate<Optional<String>>> checks = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        selector.getMatchLabels().forEach((key, value) -> {
            keys.add(key);
            checks.add(actual -> actual.isPresent() && actual.get().equals(value));
        });
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            keys.add(r.getKey());
            List<String> values = r.getValues();
            checks.add(
                    switch (r.getOperator()) {
                        case "In" -> actual -> actual.map(values::contains).orElse(false);
                        case "NotIn" ->
                            actual -> actual.map(v -> !values.contains(v)).orElse(true);
                        case "Exists" -> Optional::isPresent;
                        case "DoesNotExist" -> Optional::isEmpty;
                        default -> actual -> false;
                    });
        }
        return labels -> {
            for (int i = 0; i < checks.size(); i++) {
                if (!checks.get(i).test(Optional.ofNullable(labels.get(keys.get(i))))) {
                    return false;
                }
            }
            return true;
        };
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES))
                .ofMaxSize(KEYS.size())
                .map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<LabelSelector> selectors() {
        Arbitrary<Map<String, String>> matchLabels =
                Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).ofMaxSize(2);
        Arbitrary<List<LabelSelectorRequirement>> expressions =
                requirement().list().ofMaxSize(3);
        return Combinators.combine(matchLabels, expressions).as((labels, exprs) -> {
            LabelSelector selector = new LabelSelector();
            selector.setMatchLabels(new LinkedHashMap<>(labels));
            selector.setMatchExpressions(new ArrayList<>(exprs));
            return selector;
        });
    }

    Arbitrary<LabelSelectorRequirement> requirement() {
        Arbitrary<String> operator = Arbitraries.of("In", "NotIn", "Exists", "DoesNotExist");
        Arbitrary<List<String>> values =
                Arbitraries.of(VALUES).list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of(KEYS), operator, values).as((key, op, vals) -> {
            LabelSelectorRequirement r = new LabelSelectorRequirement();
            r.setKey(key);
            r.setOperator(op);
            r.setValues(op.equals("In") || op.equals("NotIn") ? new ArrayList<>(vals) : new ArrayList<>());
            return r;
        });
    }
}
