package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.PatchOp;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.SkippedRules;
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
            warnings.add(warning(violation, decision.inherited().contains(violation)));
        }
        if (!decision.skipped().none()) {
            // Rules skipped one by one are named first, as the rules' own warnings are.
            SkippedRules skipped = decision.skipped();
            warnings.add(shortened(skipped.all() ? BLIND + skipped.summary() : skipped.summary()));
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

    /** What the warning says when the rules that see the rest of the cluster were skipped, before why. */
    public static final String BLIND = "not checked against the rest of the cluster: ";

    /**
     * One violation as a warning: {@code would be denied: } and the message for a rule that
     * denies unless told to warn; the rule and its words for one that only ever warns by default,
     * and for what only may happen;
     * and {@code already so: } before a violation an update inherited from the object it replaces.
     * The cluster-aware rules word their warnings briefly (they name another object, and a Node),
     * so that they fit in the 120 characters a warning should keep to.
     */
    static String warning(Violation violation, boolean inherited) {
        if (inherited) {
            return shortened("already so: " + violation.warningText());
        }
        if (violation.rule().defaultMode() == EnforcementMode.ENFORCE && !violation.possible()) {
            return shortened("would be denied: " + violation.warningText());
        }
        return shortened(violation.rule().id() + ": " + violation.warningText());
    }

    /** The whole text when it is short, otherwise cut with an ellipsis. */
    static String shortened(String text) {
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
        if (!decision.inherited().isEmpty()) {
            out.put("inherited", rules(List.copyOf(decision.inherited())));
        }
        if (decision.exemption() != null) {
            out.put("exemption", decision.exemption());
        }
        if (!decision.skipped().none()) {
            out.put("cluster-rules-skipped", decision.skipped().summary());
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
