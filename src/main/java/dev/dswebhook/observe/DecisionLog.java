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
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.StringJoiner;
import java.util.logging.Level;
import org.jboss.logmanager.Logger;

/**
 * Writes one JSON object per line for each admission decision, with the same leading keys as the
 * JSON console log ({@code timestamp}, {@code level}, {@code loggerName}, {@code message}) and the
 * decision's fields beside them.
 *
 * <p>The line says who asked for what, what was decided, which rules were broken at which
 * fields, whether a patch went back and how long it took. It never holds the object: a
 * DaemonSet's env values can be secrets.
 *
 * <p>The line is encoded here, once, straight to UTF-8 bytes with Jackson, because formatting the
 * same fields through the JSON console formatter cost more CPU than judging the review
 * (src/bench/README.md), and handed to {@link LogOutput}, whose own thread writes it with others
 * at most {@code webhook.decision-log.flush-interval} later: the request never waits for it. The
 * logger category {@code dev.dswebhook.decision} still decides the level: set it to {@code WARN} to
 * log only the requests that got no review back, or {@code OFF}.
 */
@Singleton
public class DecisionLog {

    /** The logger category whose level applies. */
    public static final String CATEGORY = "dev.dswebhook.decision";

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ThreadLocal<Line> LINES = ThreadLocal.withInitial(Line::new);

    /** The last second formatted, shared by all threads; a stale read only costs a format. */
    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    private final boolean enabled;
    private final Logger level = Logger.getLogger(CATEGORY);
    private final LogOutput out;
    private final boolean ownOutput;

    DecisionLog(WebhookConfig config, StandardOutput stdout) {
        this.enabled = config.decisionLog().enabled();
        this.ownOutput = config.decisionLog().file().isPresent();
        this.out = config.decisionLog()
                .file()
                .map(path -> new LogOutput(
                        "decision-log-writer",
                        open(path),
                        config.log().bufferSize().asLongValue(),
                        config.decisionLog().flushInterval().toNanos()))
                .orElse(stdout.output());
    }

    private static OutputStream open(String path) {
        try {
            Path file = Path.of(path).toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("webhook.decision-log.file: cannot open " + path, e);
        }
    }

    /** The queue the lines go through, for the count of dropped lines. */
    LogOutput output() {
        return out;
    }

    @PreDestroy
    void close() {
        if (ownOutput) {
            out.close();
        }
    }

    /** Logs a decision, or a request that ended before one with this code and reason. */
    public void record(Webhook webhook, Decision decision, int code, long nanos, String error) {
        Level severity = decision == null ? Level.WARNING : Level.INFO;
        if (!enabled || !level.isLoggable(severity)) {
            return;
        }
        Line line = LINES.get();
        line.reset();
        encode(line, webhook, decision, code, nanos, error);
        line.writeTo(out);
    }

    /** The line as text, without its newline. */
    static String line(Webhook webhook, Decision decision, int code, long nanos, String error) {
        Line line = new Line();
        encode(line, webhook, decision, code, nanos, error);
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void encode(
            OutputStream out, Webhook webhook, Decision decision, int code, long nanos, String error) {
        try {
            JsonGenerator gen = JSON.createGenerator(out);
            gen.writeStartObject();
            gen.writeStringField("timestamp", timestamp(Instant.now()));
            gen.writeStringField("level", decision == null ? "WARN" : "INFO");
            gen.writeStringField("loggerName", CATEGORY);
            gen.writeStringField("message", summary(webhook, decision, code, error));
            gen.writeStringField("webhook", webhook.id());
            gen.writeStringField(
                    "verdict", decision == null ? "error" : decision.verdict().id());
            gen.writeNumberField("code", code);
            gen.writeFieldName("latencyMs");
            gen.writeNumber(milliseconds(nanos));
            if (decision == null) {
                if (error != null) {
                    gen.writeStringField("error", error);
                }
            } else {
                writeDecision(gen, decision);
            }
            gen.writeEndObject();
            gen.close();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** ISO-8601 in UTC with nanoseconds, like the console log's timestamps. */
    static String timestamp(Instant now) {
        Second last = second;
        if (last.epoch() != now.getEpochSecond()) {
            last = new Second(now.getEpochSecond(), SECOND.format(now));
            second = last;
        }
        StringBuilder out = new StringBuilder(30).append(last.text()).append('.');
        String nanos = Integer.toString(now.getNano());
        out.append("000000000", nanos.length(), 9).append(nanos);
        return out.append('Z').toString();
    }

    /** Milliseconds with three decimals, as a JSON number. */
    static String milliseconds(long nanos) {
        long micros = (nanos + 500) / 1_000;
        String fraction = Long.toString(micros % 1_000);
        return micros / 1_000 + "." + "000".substring(fraction.length()) + fraction;
    }

    private static void writeDecision(JsonGenerator gen, Decision decision) throws IOException {
        AdmissionRequest request = decision.request();
        gen.writeStringField("uid", request.uid());
        gen.writeStringField("operation", request.operation().name());
        gen.writeStringField("reviewVersion", request.version().apiVersion());
        gen.writeBooleanField("dryRun", request.dryRun());
        if (request.kind() != null) {
            gen.writeStringField(
                    "kind",
                    request.kind().group() + "/" + request.kind().version() + "/"
                            + request.kind().kind());
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
        if (!decision.inherited().isEmpty()) {
            writeViolations(gen, "inherited", List.copyOf(decision.inherited()));
        }
        if (decision.blind() != null) {
            gen.writeStringField("clusterRulesSkipped", decision.blind());
        }
    }

    /** Each violation as its rule and field; the full text is in the message. */
    private static void writeViolations(JsonGenerator gen, String field, List<Violation> violations)
            throws IOException {
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
        String object =
                request.namespace().isEmpty() ? request.objectName() : request.namespace() + "/" + request.objectName();
        String what = request.operation() + " of "
                + (request.kind() == null ? "" : request.kind().kind() + " ") + object;
        return switch (decision.verdict()) {
                    case DENIED -> webhook.id() + " denied " + what + ": " + messages(decision.denied());
                    case WARNED -> webhook.id() + " allowed " + what + " with warnings: " + messages(decision.warned());
                    case EXEMPT -> webhook.id() + " exempted " + what + " (" + decision.exemption() + ")";
                    case ALLOWED -> webhook.id() + " allowed " + what + (decision.patched() ? " with a patch" : "");
                }
                + (decision.blind() == null ? "" : " (cluster-aware rules skipped: " + decision.blind() + ")");
    }

    private record Second(long epoch, String text) {}

    /** A reusable line buffer, one per thread, handed to the batcher without a copy of its own. */
    private static final class Line extends ByteArrayOutputStream {

        Line() {
            super(1024);
        }

        void writeTo(LogOutput output) {
            output.add(buf, 0, count, LogOutput.Source.DECISION);
            if (buf.length > 64 * 1024) {
                buf = new byte[1024];
            }
        }
    }

    private static String messages(List<Violation> violations) {
        StringJoiner out = new StringJoiner("; ");
        for (Violation violation : violations) {
            out.add(violation.message());
        }
        return out.toString();
    }
}
