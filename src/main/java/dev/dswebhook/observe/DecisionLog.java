package dev.dswebhook.observe;

import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.config.WebhookConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>What a line says, and how it is encoded, is {@link DecisionLine}'s. The encoded line is handed to
 * {@link LogOutput}, whose own thread writes it with others
 * at most {@code webhook.decision-log.flush-interval} later: the request never waits for it. The
 * logger category {@code dev.dswebhook.decision} still decides the level: set it to {@code WARN} to
 * log only the requests that got no review back, or {@code OFF}.
 */
@Singleton
public class DecisionLog {

    /** The logger category whose level applies. */
    public static final String CATEGORY = "dev.dswebhook.decision";

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
        DecisionLine.encode(webhook, decision, code, nanos, error).writeTo(out);
    }

    /**
     * Encodes a decision's line as {@link #record} would, and drops it: the warm-up's way to have
     * the encoder compiled before the first real decision, without a line for a review nobody sent.
     */
    public void rehearse(Webhook webhook, Decision decision) {
        DecisionLine.encode(webhook, decision, 200, 0, null);
    }
}
