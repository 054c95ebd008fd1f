package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.PatchOp;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The one place verdicts are built: allowed, patched or denied. */
public final class AdmissionResponses {

    static final int INVALID = 422;
    static final int BAD_REQUEST = 400;

    private static final AdmissionResponse ALLOWED = new AdmissionResponse(true, null, List.of(), List.of());

    private AdmissionResponses() {
    }

    /** Allowed, untouched. */
    public static AdmissionResponse allowed() {
        return ALLOWED;
    }

    /** Allowed, with the defaults applied as a patch and each one named in a warning. */
    public static AdmissionResponse patched(List<AppliedDefault> defaults) {
        if (defaults.isEmpty()) {
            return ALLOWED;
        }
        List<PatchOp> ops = new ArrayList<>(defaults.size());
        List<String> warnings = new ArrayList<>(defaults.size());
        for (AppliedDefault applied : defaults) {
            ops.add(applied.patch());
            warnings.add(applied.note());
        }
        return new AdmissionResponse(true, null, ops, warnings);
    }

    /**
     * Denied, listing every violation in the API server's words.
     *
     * <p>The message reads like the API server's own rejection of an invalid object:
     * {@code DaemonSet.apps "name" is invalid: [first, second]}. An object that is not shaped like
     * a DaemonSet is a bad request (400); a DaemonSet that breaks a rule is invalid (422).
     */
    public static AdmissionResponse denied(String objectName, List<Violation> violations) {
        boolean malformed = violations.stream().anyMatch(v -> v.rule() == Rule.MALFORMED_OBJECT);
        int code = malformed ? BAD_REQUEST : INVALID;
        String reason = malformed ? "BadRequest" : "Invalid";
        String message = "DaemonSet.apps \"" + objectName + "\" is invalid: " + aggregate(violations);
        return new AdmissionResponse(false, new ResultStatus(code, reason, message, objectName, violations),
                List.of(), List.of());
    }

    /** Like apimachinery's aggregate error: one message alone, several in brackets, duplicates once. */
    private static String aggregate(List<Violation> violations) {
        Set<String> messages = new LinkedHashSet<>();
        for (Violation violation : violations) {
            messages.add(violation.message());
        }
        if (messages.size() == 1) {
            return messages.iterator().next();
        }
        return "[" + String.join(", ", messages) + "]";
    }
}
