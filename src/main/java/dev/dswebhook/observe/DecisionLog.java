package dev.dswebhook.observe;

import dev.dswebhook.admission.AdmissionRequest;
import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.config.WebhookConfig;
import dev.dswebhook.policy.Violation;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Logs one line per admission decision on the {@code dev.dswebhook.decision} logger, with the
 * decision's fields in the record's MDC, so that the JSON console format prints them as one
 * object under {@code mdc}.
 *
 * <p>The line says who asked for what, what was decided, which rules were broken at which
 * fields, whether a patch went back and how long it took. It never holds the object: a
 * DaemonSet's env values can be secrets.
 */
@Singleton
public class DecisionLog {

    /** The logger category. */
    public static final String CATEGORY = "dev.dswebhook.decision";

    /** Every MDC key the decision log sets, cleared after each line. */
    static final List<String> KEYS = List.of("webhook", "verdict", "code", "latencyMs", "uid", "operation",
            "reviewVersion", "dryRun", "kind", "namespace", "name", "user", "groups", "violations", "warnings",
            "patched", "exemption", "error");

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final boolean enabled;

    DecisionLog(WebhookConfig config) {
        this.enabled = config.decisionLog().enabled();
    }

    /** Logs a decision, or a request that ended before one with this code and reason. */
    public void record(Webhook webhook, Decision decision, int code, long nanos, String error) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        try {
            for (Map.Entry<String, String> field : fields(webhook, decision, code, nanos, error).entrySet()) {
                MDC.put(field.getKey(), field.getValue());
            }
            if (decision == null) {
                LOG.warn(summary(webhook, null, code, error));
            } else {
                LOG.info(summary(webhook, decision, code, error));
            }
        } finally {
            for (String key : KEYS) {
                MDC.remove(key);
            }
        }
    }

    static Map<String, String> fields(Webhook webhook, Decision decision, int code, long nanos, String error) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("webhook", webhook.id());
        out.put("code", Integer.toString(code));
        out.put("latencyMs", Double.toString(Math.round(nanos / 1_000.0) / 1_000.0));
        if (decision == null) {
            out.put("verdict", "error");
            if (error != null) {
                out.put("error", error);
            }
            return out;
        }
        AdmissionRequest request = decision.request();
        out.put("verdict", decision.verdict().id());
        out.put("uid", request.uid());
        out.put("operation", request.operation().name());
        out.put("reviewVersion", request.version().apiVersion());
        out.put("dryRun", Boolean.toString(request.dryRun()));
        if (request.kind() != null) {
            out.put("kind", request.kind().group() + "/" + request.kind().version() + "/" + request.kind().kind());
        }
        out.put("namespace", request.namespace());
        out.put("name", request.objectName());
        out.put("user", request.userInfo().username());
        out.put("groups", String.join(",", request.userInfo().groups()));
        out.put("violations", rules(decision.denied()));
        out.put("warnings", rules(decision.warned()));
        out.put("patched", Boolean.toString(decision.patched()));
        if (decision.exemption() != null) {
            out.put("exemption", decision.exemption());
        }
        return out;
    }

    /** {@code rule=field} pairs, comma-separated, in the order found. */
    private static String rules(List<Violation> violations) {
        StringJoiner out = new StringJoiner(",");
        for (Violation violation : violations) {
            out.add(violation.rule().id() + "=" + violation.field());
        }
        return out.toString();
    }

    /** The human line: what happened, and for a denial the API server-style reasons. */
    static String summary(Webhook webhook, Decision decision, int code, String error) {
        if (decision == null) {
            return webhook.id() + " failed with " + code + (error == null ? "" : ": " + error);
        }
        AdmissionRequest request = decision.request();
        String object = request.namespace().isEmpty() ? request.objectName() : request.namespace() + "/" + request.objectName();
        String what = request.operation() + " of " + (request.kind() == null ? "" : request.kind().kind() + " ") + object;
        return switch (decision.verdict()) {
            case DENIED -> webhook.id() + " denied " + what + ": " + messages(decision.denied());
            case WARNED -> webhook.id() + " allowed " + what + " with warnings: " + messages(decision.warned());
            case EXEMPT -> webhook.id() + " exempted " + what + " (" + decision.exemption() + ")";
            case ALLOWED -> webhook.id() + " allowed " + what + (decision.patched() ? " with a patch" : "");
        };
    }

    private static String messages(List<Violation> violations) {
        StringJoiner out = new StringJoiner("; ");
        for (Violation violation : violations) {
            out.add(violation.message());
        }
        return out.toString();
    }
}
