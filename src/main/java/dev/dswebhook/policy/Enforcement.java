package dev.dswebhook.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which rules deny, which only warn, and which are off: a default mode, with per-rule exceptions.
 *
 * @param mode         {@code warn}: every rule not named below only warns; {@code enforce}: each
 *                     does what it does by default ({@link Rule#defaultMode()})
 * @param warnRules    rules that only warn, whatever the mode
 * @param enforceRules rules that deny, whatever the mode
 * @param offRules     rules switched off: their violations are not reported at all
 */
public record Enforcement(EnforcementMode mode, Set<Rule> warnRules, Set<Rule> enforceRules, Set<Rule> offRules) {

    /** Every rule does what it does by default ({@link Rule#defaultMode()}). */
    public static final Enforcement DEFAULTS = new Enforcement(EnforcementMode.ENFORCE, Set.of(), Set.of(), Set.of());

    public Enforcement {
        if (mode == EnforcementMode.OFF) {
            // Switching every rule off is removing the validating registration, not a mode.
            throw new IllegalArgumentException("the mode is enforce or warn; switch single rules off by name");
        }
        warnRules = Set.copyOf(warnRules);
        enforceRules = Set.copyOf(enforceRules);
        offRules = Set.copyOf(offRules);
    }

    /** Enforcement with no rule switched off. */
    public Enforcement(EnforcementMode mode, Set<Rule> warnRules, Set<Rule> enforceRules) {
        this(mode, warnRules, enforceRules, Set.of());
    }

    /**
     * Builds the enforcement from configured rule names, failing with a message that names the
     * configuration key when a name is unknown or a rule is listed both ways.
     */
    public static Enforcement of(EnforcementMode mode, Collection<String> warnRules, Collection<String> enforceRules) {
        return of(mode, warnRules, enforceRules, List.of());
    }

    /** The same, with rules switched off too. */
    public static Enforcement of(
            EnforcementMode mode,
            Collection<String> warnRules,
            Collection<String> enforceRules,
            Collection<String> offRules) {
        return named(
                mode,
                List.of(warnRules, enforceRules, offRules),
                List.of(
                        "webhook.enforcement.warn-rules",
                        "webhook.enforcement.enforce-rules",
                        "webhook.enforcement.off-rules"));
    }

    /**
     * Builds the enforcement from rule names given as warn, enforce and off lists, naming the three
     * lists in errors as the caller's user knows them, such as command-line flags: a message about a
     * server configuration key would send a command-line user looking in the wrong place.
     */
    public static Enforcement named(EnforcementMode mode, List<Collection<String>> lists, List<String> listNames) {
        List<Set<Rule>> rules = new java.util.ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            rules.add(rules(listNames.get(i), lists.get(i)));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                Set<Rule> both = EnumSet.noneOf(Rule.class);
                both.addAll(rules.get(i));
                both.retainAll(rules.get(j));
                if (!both.isEmpty()) {
                    throw new IllegalArgumentException(listNames.get(i) + " and " + listNames.get(j) + " both list "
                            + both.stream().map(Rule::id).sorted().collect(Collectors.joining(", ")));
                }
            }
        }
        return new Enforcement(mode, rules.get(0), rules.get(1), rules.get(2));
    }

    /** The mode of every rule, in the order the rules are declared. */
    public Map<Rule, EnforcementMode> modes() {
        Map<Rule, EnforcementMode> out = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            out.put(rule, modeFor(rule));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The mode that applies to one rule. */
    public EnforcementMode modeFor(Rule rule) {
        if (offRules.contains(rule)) {
            return EnforcementMode.OFF;
        }
        if (warnRules.contains(rule)) {
            return EnforcementMode.WARN;
        }
        if (enforceRules.contains(rule)) {
            return EnforcementMode.ENFORCE;
        }
        // Warn mode makes every rule warn; enforce mode leaves each to its default.
        return mode == EnforcementMode.WARN ? EnforcementMode.WARN : rule.defaultMode();
    }

    private static Set<Rule> rules(String key, Collection<String> names) {
        Set<Rule> out = EnumSet.noneOf(Rule.class);
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            out.add(Rule.byId(trimmed)
                    .orElseThrow(
                            () -> new IllegalArgumentException(key + ": unknown rule '" + trimmed + "'; the rules are "
                                    + Stream.of(Rule.values()).map(Rule::id).collect(Collectors.joining(", ")))));
        }
        return out;
    }
}
