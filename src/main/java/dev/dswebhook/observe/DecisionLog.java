package dev.dswebhook.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dswebhook.admission.AdmissionRequest;
import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.config.WebhookConfig;
import dev.dswebhook.policy.Violation;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * Writes one JSON object per line for each admission decision, on the {@code dev.dswebhook.decision}
 * logger, with the same leading keys as the JSON console log ({@code timestamp}, {@code level},
 * {@code loggerName}, {@code message}) and the decision's fields beside them.
 *
 * <p>The line says who asked for what, what was decided, which rules were broken at which
 * fields, whether a patch went back and how long it took. It never holds the object: a
 * DaemonSet's env values can be secrets.
 *
 * <p>The line is encoded here, once, with Jackson, and the logger's own handler prints it as it
 * is. Measured under load, formatting the same fields through the JSON console formatter (as
 * MDC entries) cost more CPU than judging the review.
 */
@Singleton
public class DecisionLog {

    /** The logger category; {@code quarkus.log.category."dev.dswebhook.decision".level} still applies. */
    public static final String CATEGORY = "dev.dswebhook.decision";

    private static final JsonFactory JSON = new JsonFactory();

    private final boolean enabled;
    private final Logger logger;
    private final Handler handler;

    DecisionLog(WebhookConfig config) {
        this.enabled = config.decisionLog().enabled();
        this.logger = Logger.getLogger(CATEGORY);
        PatternFormatter asIs = new PatternFormatter("%s%n");
        this.handler = config.decisionLog().file().map(path -> {
            try {
                java.nio.file.Path parent = java.nio.file.Path.of(path).toAbsolutePath().getParent();
                if (parent != null) {
                    java.nio.file.Files.createDirectories(parent);
                }
                FileHandler file = new FileHandler(path, true);
                file.setFormatter(asIs);
                return (Handler) file;
            } catch (IOException e) {
                throw new UncheckedIOException("webhook.decision-log.file: cannot open " + path, e);
            }
        }).orElseGet(() -> new ConsoleHandler(ConsoleHandler.Target.SYSTEM_OUT, asIs));
        logger.setHandlers(new Handler[] {handler});
        logger.setUseParentHandlers(false);
    }

    @PreDestroy
    void close() {
        handler.flush();
    }

    /** Logs a decision, or a request that ended before one with this code and reason. */
    public void record(Webhook webhook, Decision decision, int code, long nanos, String error) {
        Level level = decision == null ? Level.WARNING : Level.INFO;
        if (!enabled || !logger.isLoggable(level)) {
            return;
        }
        logger.log(level, line(webhook, decision, code, nanos, error));
    }

    static String line(Webhook webhook, Decision decision, int code, long nanos, String error) {
        StringWriter out = new StringWriter(512);
        try {
            JsonGenerator gen = JSON.createGenerator(out);
            gen.writeStartObject();
            gen.writeStringField("timestamp", Instant.now().toString());
            gen.writeStringField("level", decision == null ? "WARN" : "INFO");
            gen.writeStringField("loggerName", CATEGORY);
            gen.writeStringField("message", summary(webhook, decision, code, error));
            gen.writeStringField("webhook", webhook.id());
            gen.writeStringField("verdict", decision == null ? "error" : decision.verdict().id());
            gen.writeNumberField("code", code);
            gen.writeNumberField("latencyMs", Math.round(nanos / 1_000.0) / 1_000.0);
            if (decision == null) {
                if (error != null) {
                    gen.writeStringField("error", error);
                }
            } else {
                writeDecision(gen, decision);
            }
            gen.writeEndObject();
            gen.close();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    private static void writeDecision(JsonGenerator gen, Decision decision) throws IOException {
        AdmissionRequest request = decision.request();
        gen.writeStringField("uid", request.uid());
        gen.writeStringField("operation", request.operation().name());
        gen.writeStringField("reviewVersion", request.version().apiVersion());
        gen.writeBooleanField("dryRun", request.dryRun());
        if (request.kind() != null) {
            gen.writeStringField("kind", request.kind().group() + "/" + request.kind().version() + "/" + request.kind().kind());
        }
        gen.writeStringField("namespace", request.namespace());
        gen.writeStringField("name", request.objectName());
        gen.writeStringField("user", request.userInfo().username());
        gen.writeArrayFieldStart("groups");
        for (String group : request.userInfo().groups()) {
            gen.writeString(group);
        }
        gen.writeEndArray();
        writeViolations(gen, "violations", decision.denied());
        writeViolations(gen, "warnings", decision.warned());
        gen.writeBooleanField("patched", decision.patched());
        if (decision.exemption() != null) {
            gen.writeStringField("exemption", decision.exemption());
        }
    }

    /** Each violation as its rule and field; the full text is in the message. */
    private static void writeViolations(JsonGenerator gen, String field, List<Violation> violations) throws IOException {
        gen.writeArrayFieldStart(field);
        for (Violation violation : violations) {
            gen.writeStartObject();
            gen.writeStringField("rule", violation.rule().id());
            gen.writeStringField("field", violation.field());
            gen.writeEndObject();
        }
        gen.writeEndArray();
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
