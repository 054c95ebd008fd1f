package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.Violation;
import java.util.List;

/**
 * Everything decided about one review: the verdict and why. The reply, the decision log, the
 * metrics and the audit annotations are all derived from it.
 *
 * @param webhook   which webhook was called
 * @param request   the request
 * @param verdict   the outcome
 * @param denied    violations of enforced rules
 * @param warned    violations of warn-mode rules
 * @param defaults  defaults applied by the mutating webhook
 * @param exemption why the request was exempt, or {@code null}
 */
public record Decision(
        Webhook webhook,
        AdmissionRequest request,
        Verdict verdict,
        List<Violation> denied,
        List<Violation> warned,
        List<AppliedDefault> defaults,
        String exemption) {

    public Decision {
        denied = List.copyOf(denied);
        warned = List.copyOf(warned);
        defaults = List.copyOf(defaults);
    }

    /** Allowed without a word, for requests the webhook does not judge. */
    static Decision allowed(Webhook webhook, AdmissionRequest request) {
        return new Decision(webhook, request, Verdict.ALLOWED, List.of(), List.of(), List.of(), null);
    }

    /** Allowed unjudged, for this reason. */
    static Decision exempt(Webhook webhook, AdmissionRequest request, String reason) {
        return new Decision(webhook, request, Verdict.EXEMPT, List.of(), List.of(), List.of(), reason);
    }

    /** The validating webhook's decision: denied by enforced violations, warned by the rest. */
    static Decision validated(AdmissionRequest request, List<Violation> denied, List<Violation> warned) {
        Verdict verdict = !denied.isEmpty() ? Verdict.DENIED : !warned.isEmpty() ? Verdict.WARNED : Verdict.ALLOWED;
        return new Decision(Webhook.VALIDATE, request, verdict, denied, warned, List.of(), null);
    }

    /** The mutating webhook's decision: allowed, with the defaults it applies. */
    static Decision mutated(AdmissionRequest request, List<AppliedDefault> defaults) {
        return new Decision(Webhook.MUTATE, request, Verdict.ALLOWED, List.of(), List.of(), defaults, null);
    }

    /** Whether the reply carries a patch. */
    public boolean patched() {
        return !defaults.isEmpty();
    }
}
