package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.SkippedRules;
import dev.dswebhook.policy.Violation;
import java.util.List;
import java.util.Set;

/**
 * Everything decided about one review: the verdict and why. The reply, the decision log, the
 * metrics and the audit annotations are all derived from it.
 *
 * @param webhook   which webhook was called
 * @param request   the request
 * @param verdict   the outcome
 * @param denied    violations of enforced rules
 * @param warned    violations of warn-mode rules, and of enforced ones that an update inherited
 * @param inherited those of {@code warned} that deny by their rule but were there before the update
 * @param defaults  defaults applied by the mutating webhook
 * @param exemption why the request was exempt, or {@code null}
 * @param skipped   the rules that see the rest of the cluster and were skipped, each with why
 */
public record Decision(
        Webhook webhook,
        AdmissionRequest request,
        Verdict verdict,
        List<Violation> denied,
        List<Violation> warned,
        Set<Violation> inherited,
        List<AppliedDefault> defaults,
        String exemption,
        SkippedRules skipped) {

    public Decision {
        denied = List.copyOf(denied);
        java.util.Objects.requireNonNull(skipped, "skipped");
        warned = List.copyOf(warned);
        inherited = Set.copyOf(inherited);
        defaults = List.copyOf(defaults);
    }

    /** Allowed without a word, for requests the webhook does not judge. */
    static Decision allowed(Webhook webhook, AdmissionRequest request) {
        return new Decision(
                webhook, request, Verdict.ALLOWED, List.of(), List.of(), Set.of(), List.of(), null, SkippedRules.NONE);
    }

    /** Allowed unjudged, for this reason. */
    static Decision exempt(Webhook webhook, AdmissionRequest request, String reason) {
        return new Decision(
                webhook, request, Verdict.EXEMPT, List.of(), List.of(), Set.of(), List.of(), reason, SkippedRules.NONE);
    }

    /**
     * The validating webhook's decision: denied by enforced violations, warned by the rest, and
     * with the cluster rules it {@code skipped} because a kind they read could not be trusted.
     */
    static Decision validated(
            AdmissionRequest request,
            List<Violation> denied,
            List<Violation> warned,
            Set<Violation> inherited,
            SkippedRules skipped) {
        Verdict verdict = !denied.isEmpty() ? Verdict.DENIED : !warned.isEmpty() ? Verdict.WARNED : Verdict.ALLOWED;
        return new Decision(Webhook.VALIDATE, request, verdict, denied, warned, inherited, List.of(), null, skipped);
    }

    /** The mutating webhook's decision: allowed, with the defaults it applies. */
    static Decision mutated(AdmissionRequest request, List<AppliedDefault> defaults) {
        return new Decision(
                Webhook.MUTATE,
                request,
                Verdict.ALLOWED,
                List.of(),
                List.of(),
                Set.of(),
                defaults,
                null,
                SkippedRules.NONE);
    }

    /** Whether the reply carries a patch. */
    public boolean patched() {
        return !defaults.isEmpty();
    }
}
