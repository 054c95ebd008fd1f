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
public record Decision(Webhook webhook, AdmissionRequest request, Verdict verdict, List<Violation> denied,
        List<Violation> warned, List<AppliedDefault> defaults, String exemption) {

    public Decision {
        denied = List.copyOf(denied);
        warned = List.copyOf(warned);
        defaults = List.copyOf(defaults);
    }

    /** Allowed without a word, for requests the webhook does not judge. */
    static Decision allowed(Webhook webhook, AdmissionRequest request) {
        return new Decision(webhook, request, Verdict.ALLOWED, List.of(), List.of(), List.of(), null);
    }

    /** Whether the reply carries a patch. */
    public boolean patched() {
        return !defaults.isEmpty();
    }
}
