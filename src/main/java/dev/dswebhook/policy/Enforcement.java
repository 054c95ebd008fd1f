package dev.dswebhook.policy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which rules deny and which only warn: a default mode, with per-rule exceptions either way.
 *
 * @param mode         {@code warn}: every rule not named below only warns; {@code enforce}: each
 *                     does what it does by default ({@link Rule#defaultMode()})
 * @param warnRules    rules that only warn, whatever the mode
 * @param enforceRules rules that deny, whatever the mode
 */
public record Enforcement(EnforcementMode mode, Set<Rule> warnRules, Set<Rule> enforceRules) {

    /** Every rule does what it does by default ({@link Rule#defaultMode()}). */
    public static final Enforcement DEFAULTS = new Enforcement(EnforcementMode.ENFORCE, Set.of(), Set.of());

    public Enforcement {
        warnRules = Set.copyOf(warnRules);
        enforceRules = Set.copyOf(enforceRules);
    }

    /**
     * Builds the enforcement from configured rule names, failing with a message that names the
     * configuration key when a name is unknown or a rule is listed both ways.
     */
    public static Enforcement of(EnforcementMode mode, Collection<String> warnRules, Collection<String> enforceRules) {
        return of(mode, warnRules, enforceRules, "webhook.enforcement.warn-rules", "webhook.enforcement.enforce-rules");
    }

    /**
     * Builds the enforcement like {@link #of(EnforcementMode, Collection, Collection)}, naming the
     * two lists in errors as the caller's user knows them, such as command-line flags: a message
     * about a server configuration key would send a command-line user looking in the wrong place.
     */
    public static Enforcement of(
            EnforcementMode mode,
            Collection<String> warnRules,
            Collection<String> enforceRules,
            String warnRulesName,
            String enforceRulesName) {
        Set<Rule> warn = rules(warnRulesName, warnRules);
        Set<Rule> enforce = rules(enforceRulesName, enforceRules);
        Set<Rule> both = EnumSet.noneOf(Rule.class);
        both.addAll(warn);
        both.retainAll(enforce);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException(warnRulesName + " and " + enforceRulesName + " both list "
                    + both.stream().map(Rule::id).sorted().collect(Collectors.joining(", ")));
        }
        return new Enforcement(mode, warn, enforce);
    }

    /** The mode that applies to one rule. */
    public EnforcementMode modeFor(Rule rule) {
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
