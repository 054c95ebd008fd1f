package dev.dswebhook.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.dswebhook.admission.AdmissionRequest;
import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.policy.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One decision's log line: what it says (who asked for what, what was decided, which rules were
 * broken at which fields, whether a patch went back, how long it took; never the object, whose env
 * values can be secrets), and its encoding as one JSON object with the console log's leading keys.
 *
 * <p>It is encoded once, straight to UTF-8 bytes with Jackson, because formatting the same fields
 * through the JSON console formatter cost more CPU than judging the review (src/bench/README.md):
 * each thread keeps one generator, the field names pre-encoded, and builds its strings in one
 * reused buffer, so a line allocates next to nothing.
 */
final class DecisionLine {

    // One generator per thread writes line after line, with nothing between the root values.
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

    private static final SerializedString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString LOGGER_NAME = new SerializedString("loggerName");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString WEBHOOK = new SerializedString("webhook");
    private static final SerializedString VERDICT = new SerializedString("verdict");
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString LATENCY = new SerializedString("latencyMs");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString UID = new SerializedString("uid");
    private static final SerializedString OPERATION = new SerializedString("operation");
    private static final SerializedString REVIEW_VERSION = new SerializedString("reviewVersion");
    private static final SerializedString DRY_RUN = new SerializedString("dryRun");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString NAMESPACE = new SerializedString("namespace");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString USER = new SerializedString("user");
    private static final SerializedString GROUPS = new SerializedString("groups");
    private static final SerializedString VIOLATIONS = new SerializedString("violations");
    private static final SerializedString WARNINGS = new SerializedString("warnings");
    private static final SerializedString PATCHED = new SerializedString("patched");
    private static final SerializedString EXEMPTION = new SerializedString("exemption");
    private static final SerializedString INHERITED = new SerializedString("inherited");
    private static final SerializedString SKIPPED = new SerializedString("clusterRulesSkipped");
    private static final SerializedString RULE = new SerializedString("rule");
    private static final SerializedString FIELD = new SerializedString("field");
    private static final SerializedString INFO = new SerializedString("INFO");
    private static final SerializedString WARN = new SerializedString("WARN");
    private static final SerializedString CATEGORY_VALUE = new SerializedString(DecisionLog.CATEGORY);

    /** The last second formatted, shared by all threads; a stale read only costs a format. */
    private static volatile Second second = new Second(Long.MIN_VALUE, "");

    private DecisionLine() {}

    /** The line as text, without its newline. */
    static String line(Webhook webhook, Decision decision, int code, long nanos, String error) {
        return encode(webhook, decision, code, nanos, error).toString(StandardCharsets.UTF_8);
    }

    /** This thread's encoder, with the line it has just encoded; a new one after any failure. */
    static Line encode(Webhook webhook, Decision decision, int code, long nanos, String error) {
        Encoder encoder = ENCODERS.get();
        try {
            return encoder.encode(webhook, decision, code, nanos, error);
        } catch (IOException | RuntimeException e) {
            // A generator left inside an object would corrupt every later line of this thread.
            ENCODERS.remove();
            throw new IllegalStateException("cannot encode a decision line", e);
        }
    }

    /** ISO-8601 in UTC with nanoseconds, like the console log's timestamps. */
    static String timestamp(Instant now) {
        StringBuilder out = new StringBuilder(30);
        timestamp(now, out);
        return out.toString();
    }

    private static void timestamp(Instant now, StringBuilder out) {
        Second last = second;
        if (last.epoch() != now.getEpochSecond()) {
            last = new Second(now.getEpochSecond(), SECOND.format(now));
            second = last;
        }
        out.append(last.text()).append('.');
        int nanos = now.getNano();
        for (int unit = 100_000_000; unit > 0; unit /= 10) {
            out.append((char) ('0' + nanos / unit % 10));
        }
        out.append('Z');
    }

    /** Milliseconds with three decimals, as a JSON number. */
    static String milliseconds(long nanos) {
        StringBuilder out = new StringBuilder(16);
        milliseconds(nanos, out);
        return out.toString();
    }

    private static void milliseconds(long nanos, StringBuilder out) {
        long micros = (nanos + 500) / 1_000;
        long fraction = micros % 1_000;
        out.append(micros / 1_000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        out.append(fraction);
    }

    /** The human line: what happened, and for a denial the API server-style reasons. */
    static String summary(Webhook webhook, Decision decision, int code, String error) {
        StringBuilder out = new StringBuilder(128);
        summary(webhook, decision, code, error, out);
        return out.toString();
    }

    private static void summary(Webhook webhook, Decision decision, int code, String error, StringBuilder out) {
        out.append(webhook.id());
        if (decision == null) {
            out.append(" failed with ").append(code);
            if (error != null) {
                out.append(": ").append(error);
            }
            return;
        }
        switch (decision.verdict()) {
            case DENIED -> out.append(" denied ");
            case WARNED -> out.append(" allowed ");
            case EXEMPT -> out.append(" exempted ");
            case ALLOWED -> out.append(" allowed ");
        }
        AdmissionRequest request = decision.request();
        out.append(request.operation()).append(" of ");
        if (request.kind() != null) {
            out.append(request.kind().kind()).append(' ');
        }
        if (!request.namespace().isEmpty()) {
            out.append(request.namespace()).append('/');
        }
        out.append(request.objectName());
        switch (decision.verdict()) {
            case DENIED -> messages(decision.denied(), out.append(": "));
            case WARNED -> messages(decision.warned(), out.append(" with warnings: "));
            case EXEMPT -> out.append(" (").append(decision.exemption()).append(')');
            case ALLOWED -> out.append(decision.patched() ? " with a patch" : "");
        }
        if (!decision.skipped().none()) {
            out.append(" (cluster-aware rules skipped: ")
                    .append(decision.skipped().summary())
                    .append(')');
        }
    }

    private static void messages(List<Violation> violations, StringBuilder out) {
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(violations.get(i).message());
        }
    }

    private record Second(long epoch, String text) {}

    /** One thread's way of writing lines: a generator over a reused line buffer, and a reused text buffer. */
    private static final class Encoder {

        private final Line line = new Line();
        private final JsonGenerator gen;
        private final StringBuilder text = new StringBuilder(256);
        private char[] chars = new char[256];

        Encoder() {
            try {
                gen = JSON.createGenerator(line);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory cannot fail", e);
            }
        }

        Line encode(Webhook webhook, Decision decision, int code, long nanos, String error) throws IOException {
            line.reset();
            gen.writeStartObject();
            gen.writeFieldName(TIMESTAMP);
            text.setLength(0);
            timestamp(Instant.now(), text);
            writeText();
            gen.writeFieldName(LEVEL);
            gen.writeString(decision == null ? WARN : INFO);
            gen.writeFieldName(LOGGER_NAME);
            gen.writeString(CATEGORY_VALUE);
            gen.writeFieldName(MESSAGE);
            text.setLength(0);
            summary(webhook, decision, code, error, text);
            writeText();
            gen.writeFieldName(WEBHOOK);
            gen.writeString(webhook.id());
            gen.writeFieldName(VERDICT);
            gen.writeString(decision == null ? "error" : decision.verdict().id());
            gen.writeFieldName(CODE);
            gen.writeNumber(code);
            gen.writeFieldName(LATENCY);
            text.setLength(0);
            milliseconds(nanos, text);
            copyText();
            gen.writeNumber(chars, 0, text.length());
            if (decision == null) {
                if (error != null) {
                    gen.writeFieldName(ERROR);
                    gen.writeString(error);
                }
            } else {
                writeDecision(decision);
            }
            gen.writeEndObject();
            gen.flush();
            return line;
        }

        private void writeDecision(Decision decision) throws IOException {
            AdmissionRequest request = decision.request();
            gen.writeFieldName(UID);
            gen.writeString(request.uid());
            gen.writeFieldName(OPERATION);
            gen.writeString(request.operation().name());
            gen.writeFieldName(REVIEW_VERSION);
            gen.writeString(request.version().apiVersion());
            gen.writeFieldName(DRY_RUN);
            gen.writeBoolean(request.dryRun());
            if (request.kind() != null) {
                gen.writeFieldName(KIND);
                text.setLength(0);
                text.append(request.kind().group())
                        .append('/')
                        .append(request.kind().version())
                        .append('/')
                        .append(request.kind().kind());
                writeText();
            }
            gen.writeFieldName(NAMESPACE);
            gen.writeString(request.namespace());
            gen.writeFieldName(NAME);
            gen.writeString(request.objectName());
            gen.writeFieldName(USER);
            gen.writeString(request.userInfo().username());
            gen.writeFieldName(GROUPS);
            gen.writeStartArray();
            for (String group : request.userInfo().groups()) {
                gen.writeString(group);
            }
            gen.writeEndArray();
            writeViolations(VIOLATIONS, decision.denied());
            writeViolations(WARNINGS, decision.warned());
            gen.writeFieldName(PATCHED);
            gen.writeBoolean(decision.patched());
            if (decision.exemption() != null) {
                gen.writeFieldName(EXEMPTION);
                gen.writeString(decision.exemption());
            }
            if (!decision.inherited().isEmpty()) {
                writeViolations(INHERITED, List.copyOf(decision.inherited()));
            }
            if (!decision.skipped().none()) {
                gen.writeFieldName(SKIPPED);
                gen.writeString(decision.skipped().summary());
            }
        }

        /** Each violation as its rule and field; the full text is in the message. */
        private void writeViolations(SerializedString name, List<Violation> violations) throws IOException {
            gen.writeFieldName(name);
            gen.writeStartArray();
            for (Violation violation : violations) {
                gen.writeStartObject();
                gen.writeFieldName(RULE);
                gen.writeString(violation.rule().id());
                gen.writeFieldName(FIELD);
                gen.writeString(violation.field());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }

        private void writeText() throws IOException {
            copyText();
            gen.writeString(chars, 0, text.length());
        }

        private void copyText() {
            int length = text.length();
            if (chars.length < length) {
                chars = new char[Math.max(length, chars.length * 2)];
            }
            text.getChars(0, length, chars, 0);
        }
    }

    /** A reusable line buffer, one per thread, handed to the batcher without a copy of its own. */
    static final class Line extends ByteArrayOutputStream {

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
}
