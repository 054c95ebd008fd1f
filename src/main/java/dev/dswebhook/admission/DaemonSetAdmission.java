package dev.dswebhook.admission;

import dev.dswebhook.policy.DaemonSetDefaulter;
import dev.dswebhook.policy.DaemonSetValidator;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an AdmissionReview request into a verdict: which requests are judged, and by which policy.
 *
 * <p>Only apps/v1 DaemonSets on CREATE and UPDATE are judged. Everything else is allowed
 * untouched, because a registration that matches too much must not break unrelated objects.
 * Dry-run requests get the same verdict; the webhook has no side effects to skip.
 */
public final class DaemonSetAdmission {

    private final DaemonSetValidator validator;
    private final DaemonSetDefaulter defaulter;

    public DaemonSetAdmission(DaemonSetValidator validator, DaemonSetDefaulter defaulter) {
        this.validator = validator;
        this.defaulter = defaulter;
    }

    /** Routes a request to the webhook it was sent to. */
    public AdmissionResponse review(Webhook webhook, AdmissionRequest request) {
        return switch (webhook) {
            case MUTATE -> mutate(request);
            case VALIDATE -> validate(request);
        };
    }

    /** The validating webhook: every violation, or allowed. */
    public AdmissionResponse validate(AdmissionRequest request) {
        if (!request.isJudged()) {
            return AdmissionResponses.allowed();
        }
        List<Violation> violations = new ArrayList<>(readability(request));
        if (violations.isEmpty()) {
            violations.addAll(request.operation() == Operation.UPDATE
                    ? validator.validateUpdate(request.object().daemonSet(), request.oldObject().daemonSet())
                    : validator.validateCreate(request.object().daemonSet()));
        }
        return violations.isEmpty()
                ? AdmissionResponses.allowed()
                : AdmissionResponses.denied(request.objectName(), violations);
    }

    /**
     * The mutating webhook: the defaults as a patch, or allowed untouched.
     *
     * <p>It never denies. An object it cannot read is left alone for the validating webhook to
     * reject, because patching a malformed object could overwrite the very value the user must fix.
     */
    public AdmissionResponse mutate(AdmissionRequest request) {
        if (!request.isJudged() || request.object() == null || !request.object().wellFormed()) {
            return AdmissionResponses.allowed();
        }
        return AdmissionResponses.patched(defaulter.defaults(request.object().daemonSet()));
    }

    /** What keeps the policy from judging: a missing object, or one not shaped like a DaemonSet. */
    private static List<Violation> readability(AdmissionRequest request) {
        List<Violation> out = new ArrayList<>(0);
        if (request.object() == null) {
            out.add(Violation.missing(Rule.MALFORMED_OBJECT, "object", "a " + request.operation() + " review must carry the object"));
        } else {
            out.addAll(request.object().shapeErrors());
        }
        if (request.operation() == Operation.UPDATE) {
            if (request.oldObject() == null) {
                out.add(Violation.missing(Rule.MALFORMED_OBJECT, "oldObject", "an UPDATE review must carry the old object"));
            } else {
                out.addAll(request.oldObject().shapeErrors());
            }
        }
        return out;
    }
}
