package dev.dswebhook.policy;

import java.util.List;

/**
 * What the policy found in one create or update, for either door to turn into a verdict.
 *
 * @param violations every violation, in the API server's order, then those against the rest of the cluster
 * @param inherited  the cluster-aware violations the object an update replaces already had
 * @param skipped    the rules that see the rest of the cluster and were skipped, each with why;
 *                   none when they ran, or had nothing to run on (an object not shaped like a DaemonSet)
 */
public record Judgement(List<Violation> violations, InheritedViolations inherited, SkippedRules skipped) {

    public Judgement {
        violations = List.copyOf(violations);
        java.util.Objects.requireNonNull(skipped, "skipped");
    }

    /**
     * What a violation does: what its rule does under this enforcement, except that a violation
     * an update inherited from the object it replaces only warns, and so does one that only may
     * happen: a rule denies only what is certain to break. A rule switched off stays off.
     */
    public EnforcementMode modeFor(Violation violation, Enforcement enforcement) {
        EnforcementMode mode = enforcement.modeFor(violation.rule());
        if (mode == EnforcementMode.OFF) {
            return mode;
        }
        return inherited.covers(violation) || violation.possible() ? EnforcementMode.WARN : mode;
    }
}
