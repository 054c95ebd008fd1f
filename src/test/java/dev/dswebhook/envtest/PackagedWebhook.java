package dev.dswebhook.envtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The packaged server ({@code target/quarkus-app}) run as its own process on free loopback ports,
 * with its decision log in a file the tests read back to tell whether the API server called it.
 */
public final class PackagedWebhook implements AutoCloseable {

    private final Map<String, String> settings;
    private final int httpsPort;
    private final int managementPort;
    private final Path decisions;
    private final Path output;
    private Process process;

    private PackagedWebhook(Map<String, String> settings) {
        this.settings = settings;
        this.httpsPort = freePort();
        this.managementPort = freePort();
        try {
            Path dir = Files.createDirectories(Path.of("target", "envtest"));
            this.decisions = dir.resolve("decisions-" + httpsPort + ".log");
            this.output = dir.resolve("webhook-" + httpsPort + ".out");
            Files.deleteIfExists(decisions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server with these settings on top of the shipped ones, and waits until it is ready. */
    public static PackagedWebhook start(Map<String, String> settings) {
        PackagedWebhook webhook = new PackagedWebhook(new LinkedHashMap<>(settings));
        webhook.launch();
        return webhook;
    }

    /** Starts the server as shipped. */
    public static PackagedWebhook start() {
        return start(Map.of());
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dquarkus.http.ssl-port=" + httpsPort,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.shutdown.delay=0s",
                "-Dwebhook.decision-log.file=" + decisions.toAbsolutePath(),
                "-Dwebhook.decision-log.flush-interval=10ms"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the packaged webhook exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("the packaged webhook did not become ready within 60 s:\n" + log());
    }

    /** The HTTPS port of the webhooks. */
    public int httpsPort() {
        return httpsPort;
    }

    /** The plain-HTTP management port: probes and metrics. */
    public int managementPort() {
        return managementPort;
    }

    /** The base URL of the webhooks, as a registration's {@code url} names it. */
    public String baseUrl() {
        return "https://127.0.0.1:" + httpsPort;
    }

    /** Stops the server, as a crash or a rollout would take it away. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts it again on the same ports after {@link #stop()}. */
    public void restart() {
        stop();
        launch();
    }

    /** Starts it again if a test stopped it. */
    public void restartIfStopped() {
        if (process == null || !process.isAlive()) {
            launch();
        }
    }

    /** Every decision line written so far. */
    public List<JsonNode> decisions() {
        if (!Files.exists(decisions)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(decisions, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Fixtures.JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The decision lines that match, once at least {@code atLeast} of them have been written; the
     * log is flushed every few milliseconds, so this waits briefly for them.
     */
    public List<JsonNode> awaitDecisions(Predicate<JsonNode> matching, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<JsonNode> found;
        do {
            found = decisions().stream().filter(matching).toList();
            if (found.size() >= atLeast) {
                return found;
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
        return found;
    }

    /** The decisions about one object, by webhook ({@code mutate} or {@code validate}). */
    public List<JsonNode> decisionsAbout(String namespace, String name, String webhook) {
        return decisions().stream()
                .filter(d -> d.path("webhook").asText().equals(webhook))
                .filter(d -> d.path("namespace").asText().equals(namespace) && d.path("name").asText().equals(name))
                .toList();
    }

    /** What the server printed, for failure messages. */
    public String log() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
