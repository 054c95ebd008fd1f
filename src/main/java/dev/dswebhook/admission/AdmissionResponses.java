package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.PatchOp;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one place replies are built from decisions: allowed, warned, patched or denied. */
public final class AdmissionResponses {

    static final int INVALID = 422;
    static final int BAD_REQUEST = 400;

    /** The API server shows warnings as {@code Warning:} headers; longer ones are cut to this. */
    public static final int WARNING_LENGTH = 120;

    private static final AdmissionResponse ALLOWED = new AdmissionResponse(true, null, List.of(), List.of(), Map.of());

    private AdmissionResponses() {}

    /** The reply for a decision. */
    public static AdmissionResponse of(Decision decision) {
        if (decision.verdict() == Verdict.ALLOWED && decision.defaults().isEmpty() && !isJudged(decision)) {
            return ALLOWED;
        }
        List<String> warnings =
                new ArrayList<>(decision.warned().size() + decision.defaults().size());
        for (Violation violation : decision.warned()) {
            warnings.add(warning(violation));
        }
        List<PatchOp> patch = new ArrayList<>(decision.defaults().size());
        for (AppliedDefault applied : decision.defaults()) {
            patch.add(applied.patch());
            warnings.add(applied.note());
        }
        DenialStatus status = decision.verdict() == Verdict.DENIED
                ? denial(decision.request().objectName(), decision.denied())
                : null;
        return new AdmissionResponse(status == null, status, patch, warnings, auditAnnotations(decision));
    }

    /**
     * The status of a denial, listing every enforced violation in the API server's words.
     *
     * <p>The message reads like the API server's own rejection of an invalid object:
     * {@code DaemonSet.apps "name" is invalid: [first, second]}. An object that is not shaped like
     * a DaemonSet is a bad request (400); a DaemonSet that breaks a rule is invalid (422).
     */
    static DenialStatus denial(String objectName, List<Violation> violations) {
        boolean malformed = violations.stream().anyMatch(v -> v.rule() == Rule.MALFORMED_OBJECT);
        String message = "DaemonSet.apps \"" + objectName + "\" is invalid: " + aggregate(violations);
        return new DenialStatus(
                malformed ? BAD_REQUEST : INVALID,
                malformed ? "BadRequest" : "Invalid",
                message,
                objectName,
                violations);
    }

    /** One violation as a warning: the whole message when it is short, otherwise cut with an ellipsis. */
    static String warning(Violation violation) {
        String text = "would be denied: " + violation.message();
        return text.length() <= WARNING_LENGTH ? text : text.substring(0, WARNING_LENGTH - 3) + "...";
    }

    /**
     * What the API server records in its audit log, under the webhook's name: the verdict, the
     * rules broken with their fields, the defaults applied, the exemption.
     */
    private static Map<String, String> auditAnnotations(Decision decision) {
        if (!isJudged(decision) && decision.verdict() != Verdict.EXEMPT) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("decision", decision.verdict().id());
        if (!decision.denied().isEmpty()) {
            out.put("denied", rules(decision.denied()));
        }
        if (!decision.warned().isEmpty()) {
            out.put("warned", rules(decision.warned()));
        }
        if (!decision.defaults().isEmpty()) {
            out.put(
                    "defaulted",
                    String.join(
                            ",",
                            decision.defaults().stream()
                                    .map(AppliedDefault::field)
                                    .toList()));
        }
        if (decision.exemption() != null) {
            out.put("exemption", decision.exemption());
        }
        return out;
    }

    private static boolean isJudged(Decision decision) {
        return decision.request().isJudged();
    }

    private static String rules(List<Violation> violations) {
        Set<String> out = new LinkedHashSet<>();
        for (Violation violation : violations) {
            out.add(violation.rule().id() + "=" + violation.field());
        }
        return String.join(",", out);
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
