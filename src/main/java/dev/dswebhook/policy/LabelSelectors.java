package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Label selector syntax and matching, with the semantics of apimachinery's {@code labels} package.
 *
 * <p>{@code matchLabels} entries and every expression are ANDed. {@code NotIn} and
 * {@code DoesNotExist} hold when the key is absent, and {@code Exists} holds for an empty value.
 */
public final class LabelSelectors {

    public static final String IN = "In";
    public static final String NOT_IN = "NotIn";
    public static final String EXISTS = "Exists";
    public static final String DOES_NOT_EXIST = "DoesNotExist";

    private LabelSelectors() {}

    /**
     * The syntax problems of a selector, as {@code ValidateLabelSelector} reports them.
     *
     * <p>{@code matchLabels} problems come first, in key order, then each expression in turn.
     */
    public static List<Violation> validate(LabelSelector selector, String path) {
        List<Violation> out = new ArrayList<>();
        if (selector == null) {
            return out;
        }
        validateLabels(selector.getMatchLabels(), path + ".matchLabels", Rule.INVALID_SELECTOR, out);
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (int i = 0; i < expressions.size(); i++) {
                validateRequirement(expressions.get(i), path + ".matchExpressions[" + i + "]", out);
            }
        }
        return out;
    }

    /** Appends the key and value problems of a label map; the API server names the map, not the key. */
    static void validateLabels(Map<String, String> labels, String path, Rule rule, List<Violation> out) {
        if (labels == null || labels.isEmpty() || allValid(labels)) {
            return;
        }
        // Go iterates maps in random order; sorting gives the same message for the same object.
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            String key = label.getKey();
            for (String error : LabelSyntax.keyErrors(key)) {
                out.add(Violation.invalid(rule, path, key, error));
            }
            String value = label.getValue() == null ? "" : label.getValue();
            for (String error : LabelSyntax.valueErrors(value)) {
                out.add(Violation.invalid(rule, path, value, error));
            }
        }
    }

    /** The common case, checked without allocating: every key and value is valid. */
    private static boolean allValid(Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String value = label.getValue();
            if (!LabelSyntax.isValidKey(label.getKey()) || !LabelSyntax.isValidValue(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }

    private static void validateRequirement(LabelSelectorRequirement requirement, String path, List<Violation> out) {
        String operator = requirement.getOperator();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        if (IN.equals(operator) || NOT_IN.equals(operator)) {
            if (values.isEmpty()) {
                out.add(Violation.required(
                        Rule.INVALID_SELECTOR,
                        path + ".values",
                        "must be specified when `operator` is 'In' or 'NotIn'"));
            }
        } else if (EXISTS.equals(operator) || DOES_NOT_EXIST.equals(operator)) {
            if (!values.isEmpty()) {
                out.add(Violation.forbidden(
                        Rule.INVALID_SELECTOR,
                        path + ".values",
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            }
        } else {
            out.add(Violation.invalid(
                    Rule.INVALID_SELECTOR,
                    path + ".operator",
                    operator == null ? "" : operator,
                    "not a valid selector operator"));
        }
        String key = requirement.getKey() == null ? "" : requirement.getKey();
        for (String error : LabelSyntax.keyErrors(key)) {
            out.add(Violation.invalid(Rule.INVALID_SELECTOR, path + ".key", key, error));
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i);
            for (String error : LabelSyntax.valueErrors(value)) {
                out.add(Violation.invalid(Rule.INVALID_SELECTOR, path + ".values[" + i + "]", value, error));
            }
        }
    }

    /** The selector of exactly these labels, as a pod template's labels select its own pods. */
    public static LabelSelector equalTo(Map<String, String> labels) {
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(new java.util.LinkedHashMap<>(labels));
        return selector;
    }

    /**
     * Whether a selector selects a set of labels.
     *
     * <p>A {@code null} selector selects nothing and an empty one selects everything, as
     * {@code LabelSelectorAsSelector} decides. The selector must be free of syntax problems;
     * an unknown operator selects nothing.
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> set = labels == null ? Map.of() : labels;
        Map<String, String> matchLabels = selector.getMatchLabels();
        if (matchLabels != null) {
            for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
                String actual = set.get(wanted.getKey());
                String expected = wanted.getValue() == null ? "" : wanted.getValue();
                if (actual == null || !actual.equals(expected)) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!matches(requirement, set)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey() == null ? "" : requirement.getKey();
        String actual = labels.get(key);
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String operator = requirement.getOperator();
        if (IN.equals(operator)) {
            return actual != null && values.contains(actual);
        } else if (NOT_IN.equals(operator)) {
            return actual == null || !values.contains(actual);
        } else if (EXISTS.equals(operator)) {
            return actual != null;
        } else if (DOES_NOT_EXIST.equals(operator)) {
            return actual == null;
        }
        return false;
    }

    /** Whether a selector has neither {@code matchLabels} nor {@code matchExpressions}. */
    public static boolean isEmpty(LabelSelector selector) {
        return size(selector.getMatchLabels()) + size(selector.getMatchExpressions()) == 0;
    }

    /**
     * Equality as the API server's {@code Semantic.DeepEqual} sees it: a missing list or map
     * equals an empty one, map order is irrelevant, list order matters.
     */
    public static boolean semanticallyEqual(LabelSelector a, LabelSelector b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!mapsEqual(a.getMatchLabels(), b.getMatchLabels())) {
            return false;
        }
        List<LabelSelectorRequirement> left = ZeroValues.orEmpty(a.getMatchExpressions());
        List<LabelSelectorRequirement> right = ZeroValues.orEmpty(b.getMatchExpressions());
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            LabelSelectorRequirement x = left.get(i);
            LabelSelectorRequirement y = right.get(i);
            if (!Objects.equals(ZeroValues.orEmpty(x.getKey()), ZeroValues.orEmpty(y.getKey()))
                    || !Objects.equals(ZeroValues.orEmpty(x.getOperator()), ZeroValues.orEmpty(y.getOperator()))
                    || !ZeroValues.orEmpty(x.getValues()).equals(ZeroValues.orEmpty(y.getValues()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapsEqual(Map<String, String> a, Map<String, String> b) {
        if (size(a) == 0 || size(b) == 0) {
            return size(a) == size(b);
        }
        return a.equals(b);
    }

    private static int size(Map<?, ?> map) {
        return map == null ? 0 : map.size();
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
