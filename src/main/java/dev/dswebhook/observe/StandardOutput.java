package dev.dswebhook.observe;

import dev.dswebhook.config.WebhookConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Standard output, written by one thread of its own behind a bounded buffer ({@link LogOutput}),
 * so that a log pipeline that stops reading never stops the webhook.
 *
 * <p>At start-up every console log handler, and {@code System.out} and {@code System.err}, are
 * pointed at it; the decision log writes to it directly. From then on no thread but its writer
 * ever blocks on the stream: what does not fit in {@code webhook.log.buffer-size} is dropped and
 * counted in {@code daemonset_webhook_log_lines_dropped_total}. (Lines logged before start-up
 * completes, a dozen, go out directly.) Tests, whose runner owns standard output, leave it alone
 * with {@code webhook.log.capture-console=false}.
 */
@Singleton
public class StandardOutput {

    private final LogOutput output;
    private final boolean captureConsole;

    StandardOutput(WebhookConfig config) {
        this.captureConsole = config.log().captureConsole();
        this.output = new LogOutput(
                "stdout-writer",
                new FileOutputStream(FileDescriptor.out),
                config.log().bufferSize().asLongValue(),
                config.decisionLog().flushInterval().toNanos());
        // Whatever is queued when the JVM exits, a failed start-up's reason above all, is written first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> output.drain(2_000), "stdout-drain"));
    }

    /** The queue in front of standard output. */
    public LogOutput output() {
        return output;
    }

    /** Points the console handlers and {@code System.out}/{@code System.err} at the queue. */
    void capture(@Observes @Priority(1) StartupEvent started) {
        if (!captureConsole) {
            return;
        }
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            redirect(handler);
        }
        PrintStream lines = new PrintStream(output.lines(LogOutput.Source.OTHER), true, StandardCharsets.UTF_8);
        System.setOut(lines);
        System.setErr(lines);
    }

    private void redirect(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            console.setOutputStream(output.lines(LogOutput.Source.OTHER));
        }
        if (handler instanceof ExtHandler parent) {
            for (Handler child : parent.getHandlers()) {
                redirect(child);
            }
        }
    }

    @PreDestroy
    void close() {
        output.drain(2_000);
    }
}
