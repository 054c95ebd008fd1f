package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster rules a judgement skipped because a kind they read could not be trusted, each with
 * why; the other rules ran.
 *
 * @param reasons why each skipped rule was skipped, in the order of {@link Rule}
 */
public record SkippedRules(Map<Rule, String> reasons) {

    /** Nothing skipped. */
    public static final SkippedRules NONE = new SkippedRules(Map.of());

    public SkippedRules {
        reasons = reasons.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(reasons));
    }

    /**
     * The rules of {@code rules} that read a role of {@code untrusted}, each with the first such
     * role's reason.
     */
    static SkippedRules among(List<Rule> rules, Map<ClusterKind.Role, String> untrusted) {
        if (untrusted.isEmpty()) {
            return NONE;
        }
        Map<Rule, String> out = new EnumMap<>(Rule.class);
        for (Rule rule : rules) {
            for (ClusterKind.Role role : rule.reads()) {
                String reason = untrusted.get(role);
                if (reason != null) {
                    out.put(rule, reason);
                    break;
                }
            }
        }
        return out.isEmpty() ? NONE : new SkippedRules(out);
    }

    /** Whether every cluster rule was skipped. */
    public boolean all() {
        return reasons.size() == CLUSTER_RULES;
    }

    /** Whether no rule was skipped. */
    public boolean none() {
        return reasons.isEmpty();
    }

    /** Whether this rule was skipped. */
    public boolean skipped(Rule rule) {
        return reasons.containsKey(rule);
    }

    /**
     * One line for a warning, a log and an audit annotation. When every cluster rule was skipped,
     * the reasons alone, such as {@code Nodes not listed yet}; otherwise the rules each reason
     * skipped, then the reason, such as {@code selector-overlap, host-port-conflict skipped:
     * ReplicaSets not listed yet (forbidden)}.
     */
    public String summary() {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        reasons.forEach((rule, reason) ->
                byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(rule.id()));
        if (all()) {
            return String.join("; ", byReason.keySet());
        }
        List<String> parts = new ArrayList<>(byReason.size());
        byReason.forEach((reason, rules) -> parts.add(String.join(", ", rules) + " skipped: " + reason));
        return String.join("; ", parts);
    }

    private static final long CLUSTER_RULES =
            Arrays.stream(Rule.values()).filter(Rule::seesTheCluster).count();
}
