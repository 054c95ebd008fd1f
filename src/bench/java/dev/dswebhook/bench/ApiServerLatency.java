package dev.dswebhook.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.envtest.ControlPlane;
import dev.dswebhook.envtest.Registrations;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.fixtures.WebhookServer;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The latency a DaemonSet write pays through a real kube-apiserver because of the webhooks, cold
 * and warm, against the null webhook registered the same way.
 *
 * <p>{@code java -cp <bench classpath> dev.dswebhook.bench.ApiServerLatency [warm writes]}, from the
 * repository root after {@code src/bench/run-apiserver.sh} has built what it needs. Every write is a
 * server-side dry run ({@code ?dryRun=All}), sent one at a time over the client's keep-alive
 * connection: the API server decodes, defaults, admits (calling the webhooks) and validates it, and
 * stores nothing, so that the thousandth write meets the same etcd as the first. System properties:
 * {@code bench.rounds} (2: webhook, null, then null, webhook), {@code bench.cold} (writes per cold
 * phase, 200), {@code bench.warmup-seconds} (20) and {@code bench.report} (where the Markdown goes).
 */
public final class ApiServerLatency {

    private static final String CREATE_NAMESPACE = "bench-create";
    /** Apart from the creates, so that the DaemonSets created never overlap the stored one's pods. */
    private static final String UPDATE_NAMESPACE = "bench-update";

    private static final String STORED = "fluentd";
    /** The address {@code k8s/overlays/local-url/} is written for; each server's port replaces it. */
    private static final String OVERLAY_ADDRESS = "https://127.0.0.1:8443/";

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The two writes a user makes. */
    enum Kind {
        CREATE,
        UPDATE
    }

    /** The two webhook servers measured. */
    enum Server {
        OURS("webhook"),
        NULL("null");

        final String label;

        Server(String label) {
            this.label = label;
        }
    }

    private final int rounds;
    private final int coldWrites;
    private final int warmWrites;
    private final Duration warmUp;
    private final ControlPlane controlPlane;
    private final Writes writes;
    private final String overlay;
    private volatile Running running;

    private ApiServerLatency(ControlPlane controlPlane, int rounds, int coldWrites, int warmWrites, Duration warmUp) {
        this.controlPlane = controlPlane;
        this.rounds = rounds;
        this.coldWrites = coldWrites;
        this.warmWrites = warmWrites;
        this.warmUp = warmUp;
        controlPlane.namespace(CREATE_NAMESPACE);
        controlPlane.namespace(UPDATE_NAMESPACE);
        this.writes = new Writes(controlPlane);
        this.overlay = controlPlane.kubectl().kustomize(Path.of("k8s", "overlays", "local-url"));
        if (!overlay.contains(OVERLAY_ADDRESS)) {
            throw new IllegalStateException("k8s/overlays/local-url/ no longer points at " + OVERLAY_ADDRESS);
        }
    }

    public static void main(String[] args) {
        int warmWrites = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = Integer.getInteger("bench.rounds", 2);
        int coldWrites = Integer.getInteger("bench.cold", 200);
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 20));
        Path report = Path.of(System.getProperty("bench.report", "target/bench/apiserver.md"));
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'"));
        long t0 = System.nanoTime();
        ControlPlane controlPlane = ControlPlane.start();
        ApiServerLatency[] bench = new ApiServerLatency[1];
        // Ctrl-C or a kill skips finally blocks; this still takes the servers and the control plane down.
        Thread cleanup = new Thread(
                () -> {
                    if (bench[0] != null) {
                        bench[0].stopRunning();
                    }
                    controlPlane.close();
                },
                "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 1;
        try {
            assertLoopbackOnly();
            bench[0] = new ApiServerLatency(controlPlane, rounds, coldWrites, warmWrites, warmUp);
            String loadBefore = loadAverage();
            String markdown = bench[0].run(started)
                    + "\nLoad average (1, 5, 15 min) before the first write: " + loadBefore + "; after the last: "
                    + loadAverage() + ". Everything here shares the machine's cores with whatever else runs on it.\n";
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, markdown, StandardCharsets.UTF_8);
            System.out.println(markdown);
            log("took " + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
            status = 0;
        } catch (RuntimeException | IOException e) {
            e.printStackTrace();
        } finally {
            cleanup.run();
        }
        // The fabric8 client's Vert.x leaves event-loop threads that are not daemons; they would keep this JVM up.
        System.exit(status);
    }

    private String run(String started) {
        writes.createStored();
        // The API server, etcd and this client warm up on writes no webhook sees, before anything counts.
        log("warming up the API server and the client for " + warmUp.toSeconds() + " s");
        writes.forDuration(warmUp);
        Map<Server, List<Results>> results = new LinkedHashMap<>();
        List<Server> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // ABBA: a drift that grows steadily through the run weighs on both servers alike.
            List<Server> servers =
                    round % 2 == 0 ? List.of(Server.OURS, Server.NULL) : List.of(Server.NULL, Server.OURS);
            for (Server server : servers) {
                log("round " + (round + 1) + " of " + rounds);
                results.computeIfAbsent(server, s -> new ArrayList<>()).add(measure(server));
                order.add(server);
            }
        }
        return Report.markdown(started, coldWrites, warmWrites, warmUp, results, order);
    }

    /** Cold CREATE, cold UPDATE, then warm, for one server, each with its own baseline. */
    private Results measure(Server server) {
        Results out = new Results(server);
        log(server.label + ": baseline for cold CREATE");
        out.coldCreateBaseline = writes.series(List.of(Kind.CREATE), coldWrites);
        try (Running webhook = start(server, out)) {
            registerAndAwaitCalls(webhook, Kind.CREATE, out);
            log(server.label + ": cold CREATE");
            out.coldCreate = writes.series(List.of(Kind.CREATE), coldWrites);
            unregister(webhook);
        }
        log(server.label + ": baseline for cold UPDATE");
        out.coldUpdateBaseline = writes.series(List.of(Kind.UPDATE), coldWrites);
        try (Running webhook = start(server, out)) {
            registerAndAwaitCalls(webhook, Kind.UPDATE, out);
            log(server.label + ": cold UPDATE");
            out.coldUpdate = writes.series(List.of(Kind.UPDATE), coldWrites);
            log(server.label + ": warming up for " + warmUp.toSeconds() + " s");
            writes.forDuration(warmUp);
            log(server.label + ": warm, " + warmWrites + " writes");
            out.warm = writes.series(List.of(Kind.CREATE, Kind.UPDATE), warmWrites);
            unregister(webhook);
        }
        // After the warm phase rather than before it: before it the server would have to be taken
        // out of the chain and put back, and the baseline has no server to wait for.
        log(server.label + ": baseline for warm");
        out.warmBaseline = writes.series(List.of(Kind.CREATE, Kind.UPDATE), warmWrites);
        return out;
    }

    private Running start(Server server, Results out) {
        long t0 = System.nanoTime();
        Running started = server == Server.OURS ? Ours.start(controlPlane) : Null.start();
        running = started;
        assertLoopbackOnly();
        out.readyMillis.add(millisSince(t0));
        out.appCds &= started.appCdsMapped();
        return started;
    }

    /**
     * Registers both configurations at the server and sends probe writes until the API server has
     * called both webhooks; the timed writes start right after.
     */
    private void registerAndAwaitCalls(Running webhook, Kind kind, Results out) {
        long t0 = System.nanoTime();
        Registrations.apply(controlPlane.kubectl(), overlay.replace(OVERLAY_ADDRESS, webhook.baseUrl() + "/"));
        int[] probes = {0};
        await("the API server calls the " + webhook.name(), () -> {
            probes[0]++;
            writes.probe(kind);
            for (int i = 0; i < 10; i++) {
                if (webhook.calledBoth()) {
                    return true;
                }
                PackagedWebhook.sleep(10);
            }
            return false;
        });
        out.inForceMillis.add(millisSince(t0));
        out.probes.add(probes[0]);
    }

    /**
     * Deletes both registrations and stops the server; then, with nothing listening, a write that
     * still reached the fail-closed validating webhook would be refused, so an accepted one shows
     * that the API server's admission chain has let go of it.
     */
    private void unregister(Running webhook) {
        Registrations.remove(controlPlane.client());
        webhook.close();
        await("the API server stops calling the " + webhook.name(), () -> writes.probe(Kind.CREATE));
        // The mutating registration fails open, so a refusal cannot show it; its informer is the
        // validating one's neighbour and follows within milliseconds.
        PackagedWebhook.sleep(1000);
    }

    private void stopRunning() {
        Running current = running;
        if (current != null) {
            current.close();
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + WAIT.toSeconds() + " s waiting until " + what);
            }
            PackagedWebhook.sleep(20);
        }
    }

    /**
     * Fails when this JVM or a process it started listens on anything but loopback: the benchmark
     * must open nothing on the machine's other addresses. Reads the listening sockets of
     * {@code /proc/net/tcp} and {@code tcp6} and the socket inodes each process holds.
     */
    static void assertLoopbackOnly() {
        Map<String, String> owners = new HashMap<>();
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(processes::add);
        for (ProcessHandle process : processes) {
            Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
            try (var links = Files.list(fds)) {
                for (Path fd : (Iterable<Path>) links::iterator) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            owners.put(
                                    target.substring(8, target.length() - 1),
                                    process.info().command().orElse("pid " + process.pid()));
                        }
                    } catch (IOException e) {
                        // Closed in the meantime.
                    }
                }
            } catch (IOException e) {
                // The process has exited.
            }
        }
        List<String> outside = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address as hex ip:port, f[3] state (0A = listening), f[9] socket inode.
                String address = f[1].substring(0, f[1].indexOf(':'));
                boolean loopback = address.length() == 8
                        ? address.endsWith("7F") // 127.0.0.0/8, stored little-endian
                        : address.equals("00000000000000000000000001000000") // ::1
                                || address.startsWith("0000000000000000FFFF0000") && address.endsWith("7F");
                if (f[3].equals("0A") && owners.containsKey(f[9]) && !loopback) {
                    outside.add(owners.get(f[9]) + " listens on " + f[1]);
                }
            }
        }
        if (!outside.isEmpty()) {
            throw new IllegalStateException("only loopback addresses may be used: " + outside);
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static void log(String message) {
        System.err.println("apiserver-bench: " + message);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a process has mapped an AppCDS archive of this project. */
    private static boolean mapsAppCds(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "maps"))
                    .contains("app-cds.jsa");
        } catch (IOException e) {
            return false;
        }
    }

    /** A webhook server started for one phase. */
    interface Running extends AutoCloseable {
        String name();

        String baseUrl();

        /** Whether the API server has called both the mutating and the validating path. */
        boolean calledBoth();

        boolean appCdsMapped();

        @Override
        void close();
    }

    /**
     * The packaged webhook as the image runs it (the Dockerfile's JVM flags and environment, its
     * AppCDS archive), with its informers watching this API server; with {@code -Dbench.cluster=false},
     * without them and without the cluster rules, and with {@code -Dbench.off-rules} those rules off.
     */
    static final class Ours implements Running {
        private final PackagedWebhook webhook;

        private Ours(PackagedWebhook webhook) {
            this.webhook = webhook;
        }

        static Ours start(ControlPlane controlPlane) {
            return new Ours(PackagedWebhook.builder()
                    .asTheDockerfileRunsIt()
                    .withAppCdsArchive()
                    .setting("webhook.cluster.enabled", System.getProperty("bench.cluster", "true"))
                    .setting("webhook.enforcement.off-rules", System.getProperty("bench.off-rules", ""))
                    .setting(
                            "kubeconfig",
                            controlPlane.kubeconfig().toAbsolutePath().toString())
                    .start());
        }

        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public String baseUrl() {
            return webhook.baseUrl();
        }

        @Override
        public boolean calledBoth() {
            Set<String> called = webhook.decisions().stream()
                    .map(d -> d.path("webhook").asText())
                    .collect(Collectors.toSet());
            return called.containsAll(List.of("mutate", "validate"));
        }

        @Override
        public boolean appCdsMapped() {
            return mapsAppCds(webhook.process().pid());
        }

        @Override
        public void close() {
            webhook.close();
        }
    }

    /** {@link NullWebhook} in a JVM of its own, with the Dockerfile's JVM flags and environment. */
    static final class Null implements Running {
        private final Process process;
        private final int port;
        private final Path output;

        private Null(Process process, int port, Path output) {
            this.process = process;
            this.port = port;
            this.output = output;
        }

        static Null start() {
            int port = freePort();
            Path output = Path.of("target", "bench", "null-" + port + ".out").toAbsolutePath();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(PackagedWebhook.dockerfileJvmFlags());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    NullWebhook.class.getName(),
                    Integer.toString(port),
                    "127.0.0.1"));
            Null started;
            try {
                Files.createDirectories(output.getParent());
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(PackagedWebhook.dockerfileEnvironment());
                started = new Null(builder.start(), port, output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                started.awaitAnswer();
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            return started;
        }

        /** Its readiness: a successful HTTPS request, on a path the API server never calls. */
        private void awaitAnswer() {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .sslContext(WebhookServer.sslContext())
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            java.net.http.HttpRequest ready = java.net.http.HttpRequest.newBuilder(URI.create(baseUrl() + "/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            await("the null webhook answers", () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the null webhook exited: " + read(output));
                }
                try {
                    return http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public String name() {
            return "null webhook";
        }

        @Override
        public String baseUrl() {
            return "https://127.0.0.1:" + port;
        }

        @Override
        public boolean calledBoth() {
            String out = read(output);
            return out.contains("first review on /mutate") && out.contains("first review on /validate");
        }

        @Override
        public boolean appCdsMapped() {
            return false;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static String read(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                return "";
            }
        }
    }

    /**
     * Server-side dry-run writes of the fluentd DaemonSet, sent as prepared JSON text over the
     * fabric8 client's HTTP stack and credentials, one at a time, timed from send to the whole reply.
     */
    static final class Writes {
        private final HttpClient http;
        private final String collection;
        private final String storedUrl;
        private final String createTemplate;
        private String updateTemplate;
        private int sequence;

        Writes(ControlPlane controlPlane) {
            this.http = controlPlane.client().getHttpClient();
            String api =
                    controlPlane.client().getMasterUrl().toString().replaceAll("/$", "") + "/apis/apps/v1/namespaces/";
            this.collection = api + CREATE_NAMESPACE + "/daemonsets";
            this.storedUrl = api + UPDATE_NAMESPACE + "/daemonsets/" + STORED;
            ObjectNode create = fluentd(CREATE_NAMESPACE, "NAME");
            this.createTemplate = create.toString();
        }

        private static ObjectNode fluentd(String namespace, String name) {
            ObjectNode daemonSet = (ObjectNode) Fixtures.yaml("objects/fluentd.yaml");
            ((ObjectNode) daemonSet.path("metadata"))
                    .put("namespace", namespace)
                    .put("name", name);
            return daemonSet;
        }

        /** Stores the DaemonSet the UPDATEs rewrite; each UPDATE changes one annotation of its pod template. */
        void createStored() {
            String url = storedUrl.substring(0, storedUrl.lastIndexOf('/'));
            Answer created = send("POST", url, fluentd(UPDATE_NAMESPACE, STORED).toString());
            if (created.code != 201) {
                throw new IllegalStateException("could not store the DaemonSet to update: " + created.code);
            }
            Answer stored = send("GET", storedUrl, null);
            String resourceVersion;
            try {
                resourceVersion = Fixtures.JSON
                        .readTree(stored.body)
                        .at("/metadata/resourceVersion")
                        .asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode update = fluentd(UPDATE_NAMESPACE, STORED);
            // With its resourceVersion, as kubectl replace and controllers send it.
            ((ObjectNode) update.path("metadata")).put("resourceVersion", resourceVersion);
            // In the pod template, as kubectl rollout restart does: a spec change, which the
            // registrations' matchConditions send to both webhooks (a metadata-only one reaches
            // the validating webhook alone).
            ObjectNode template = (ObjectNode) update.at("/spec/template/metadata");
            (template.has("annotations") ? (ObjectNode) template.get("annotations") : template.putObject("annotations"))
                    .put("bench.dswebhook.dev/sequence", "SEQUENCE");
            this.updateTemplate = update.toString();
        }

        /** One untimed write; whether the API server accepted it. */
        boolean probe(Kind kind) {
            return write(kind, new Series()) / 100 == 2;
        }

        /** {@code count} timed writes, cycling through {@code kinds}. */
        Series series(List<Kind> kinds, int count) {
            Series series = new Series();
            for (int i = 0; i < count; i++) {
                write(kinds.get(i % kinds.size()), series);
            }
            return series;
        }

        /** Alternating writes for a while, to warm up whatever serves them. */
        void forDuration(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            Series ignored = new Series();
            for (int i = 0; System.nanoTime() < end; i++) {
                write(i % 2 == 0 ? Kind.CREATE : Kind.UPDATE, ignored);
                if (ignored.size() > 100_000) {
                    ignored = new Series();
                }
            }
        }

        /** One write, timed into {@code into}; the API server's status code. */
        private int write(Kind kind, Series into) {
            int n = ++sequence;
            String method;
            String url;
            String body;
            if (kind == Kind.CREATE) {
                method = "POST";
                url = collection + "?dryRun=All";
                body = createTemplate.replace("\"NAME\"", "\"bench-" + n + "\"");
            } else {
                method = "PUT";
                url = storedUrl + "?dryRun=All";
                body = updateTemplate.replace("\"SEQUENCE\"", "\"" + n + "\"");
            }
            long t0 = System.nanoTime();
            Answer answer = send(method, url, body);
            long micros = (System.nanoTime() - t0) / 1000;
            into.add(kind, micros, answer.code / 100 == 2, answer.warnings);
            return answer.code;
        }

        record Answer(int code, String body, int warnings) {}

        private Answer send(String method, String url, String body) {
            HttpRequest.Builder request = http.newHttpRequestBuilder().uri(url).header("Accept", "application/json");
            if (body != null) {
                request.method(method, "application/json", body);
            }
            try {
                HttpResponse<String> response =
                        http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
                List<String> warnings = response.headers("Warning");
                return new Answer(response.code(), response.body(), warnings == null ? 0 : warnings.size());
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(method + " " + url + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Timed writes, in microseconds, by kind, with the refusals and warnings among them. */
    static final class Series {
        private final Map<Kind, long[]> micros = new LinkedHashMap<>();
        private final Map<Kind, Integer> counts = new LinkedHashMap<>();
        int refused;
        int warnings;

        void add(Kind kind, long value, boolean accepted, int warned) {
            long[] values = micros.computeIfAbsent(kind, k -> new long[64]);
            int n = counts.getOrDefault(kind, 0);
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                micros.put(kind, values);
            }
            values[n] = value;
            counts.put(kind, n + 1);
            refused += accepted ? 0 : 1;
            warnings += warned;
        }

        int size() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The writes of one kind, sorted. */
        long[] sorted(Kind kind) {
            long[] values = Arrays.copyOf(micros.getOrDefault(kind, new long[0]), counts.getOrDefault(kind, 0));
            Arrays.sort(values);
            return values;
        }
    }

    /** What one server's run measured. */
    static final class Results {
        final Server server;
        Series coldCreateBaseline;
        Series coldCreate;
        Series coldUpdateBaseline;
        Series coldUpdate;
        Series warm;
        Series warmBaseline;
        final List<Long> readyMillis = new ArrayList<>();
        final List<Long> inForceMillis = new ArrayList<>();
        final List<Integer> probes = new ArrayList<>();
        boolean appCds = true;

        Results(Server server) {
            this.server = server;
        }

        /** The timed writes of one phase and kind, with the baseline they are compared with. */
        Series[] phase(String phase, Kind kind) {
            return switch (phase) {
                case "cold" ->
                    kind == Kind.CREATE
                            ? new Series[] {coldCreate, coldCreateBaseline}
                            : new Series[] {coldUpdate, coldUpdateBaseline};
                default -> new Series[] {warm, warmBaseline};
            };
        }
    }

    /** The Markdown report. */
    static final class Report {
        private Report() {}

        /** The nearest-rank quantile of sorted values. */
        static long quantile(long[] sorted, double q) {
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        /** Each write's time minus the median of its baseline, over the given runs, sorted. */
        static long[] added(List<Results> runs, String phase, Kind kind) {
            List<long[]> parts = new ArrayList<>();
            for (Results r : runs) {
                Series[] s = r.phase(phase, kind);
                long base = quantile(s[1].sorted(kind), 0.5);
                parts.add(Arrays.stream(s[0].sorted(kind)).map(v -> v - base).toArray());
            }
            return concatSorted(parts);
        }

        /** The raw times of the timed writes ({@code which} 0) or of their baselines (1), sorted. */
        static long[] raw(List<Results> runs, String phase, Kind kind, int which) {
            List<long[]> parts = new ArrayList<>();
            for (Results r : runs) {
                parts.add(r.phase(phase, kind)[which].sorted(kind));
            }
            return concatSorted(parts);
        }

        private static long[] concatSorted(List<long[]> parts) {
            long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
            Arrays.sort(all);
            return all;
        }

        static String markdown(
                String started,
                int coldWrites,
                int warmWrites,
                Duration warmUp,
                Map<Server, List<Results>> results,
                List<Server> order) {
            List<Results> ours = results.get(Server.OURS);
            List<Results> nul = results.get(Server.NULL);
            int rounds = ours.size();
            boolean appCds = ours.stream().allMatch(r -> r.appCds);
            StringBuilder md = new StringBuilder();
            md.append("# DaemonSet writes through a real kube-apiserver, ")
                    .append(started)
                    .append(", ")
                    .append(Runtime.getRuntime().availableProcessors())
                    .append(" cores\n\n");
            md.append("Server-side dry-run writes of the fluentd DaemonSet, one at a time over one keep-alive"
                            + " connection, with the two registrations of `k8s/overlays/local-url/` pointing at the"
                            + " packaged webhook, then at the null webhook; both with the Dockerfile's JVM flags")
                    .append(appCds ? ", the webhook with the image's AppCDS archive" : "")
                    .append(". Added latency = each write's time minus the median of the same kind of write"
                            + " with no webhook registered, measured next to it. Cold: the first ")
                    .append(coldWrites)
                    .append(" writes after the API server first called a freshly started server (CREATEs and"
                            + " UPDATEs each from a fresh start). Warm: ")
                    .append(warmWrites)
                    .append(" writes alternating CREATE and UPDATE after ")
                    .append(warmUp.toSeconds())
                    .append(" s of writes. ")
                    .append(rounds)
                    .append(rounds == 1 ? " round" : " rounds, in the order ")
                    .append(rounds == 1 ? "" : order.stream().map(x -> x.label).collect(Collectors.joining(", ")))
                    .append("; the quantiles are over the writes of all rounds.\n\n");
            md.append("| Phase | Write | Writes each | Webhook added, median / p99 µs | Null added, median / p99 µs |"
                    + " Ratio median | Ratio p99 | Ratio median, each round |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            StringBuilder raw = new StringBuilder();
            raw.append("| Phase | Write | Baseline median µs (webhook runs / null runs) | Webhook median / p99 / max µs"
                    + " | Null median / p99 / max µs | Refused | Warnings |\n");
            raw.append("| --- | --- | --- | --- | --- | --- | --- |\n");
            for (String phase : List.of("cold", "warm")) {
                for (Kind kind : Kind.values()) {
                    long[] o = added(ours, phase, kind);
                    long[] n = added(nul, phase, kind);
                    StringBuilder perRound = new StringBuilder();
                    for (int i = 0; i < rounds; i++) {
                        perRound.append(i == 0 ? "" : ", ")
                                .append(ratio(
                                        quantile(added(List.of(ours.get(i)), phase, kind), 0.5),
                                        quantile(added(List.of(nul.get(i)), phase, kind), 0.5)));
                    }
                    md.append(String.format(
                            "| %s | %s | %d | %d / %d | %d / %d | %s | %s | %s |%n",
                            phase,
                            kind,
                            o.length,
                            quantile(o, 0.5),
                            quantile(o, 0.99),
                            quantile(n, 0.5),
                            quantile(n, 0.99),
                            ratio(quantile(o, 0.5), quantile(n, 0.5)),
                            ratio(quantile(o, 0.99), quantile(n, 0.99)),
                            perRound));
                    long[] oRaw = raw(ours, phase, kind, 0);
                    long[] nRaw = raw(nul, phase, kind, 0);
                    int refused = 0;
                    int warnings = 0;
                    for (Results r :
                            results.values().stream().flatMap(List::stream).toList()) {
                        Series[] s = r.phase(phase, kind);
                        refused += s[0].refused + s[1].refused;
                        warnings += s[0].warnings;
                    }
                    raw.append(String.format(
                            "| %s | %s | %d / %d | %d / %d / %d | %d / %d / %d | %d | %d |%n",
                            phase,
                            kind,
                            quantile(raw(ours, phase, kind, 1), 0.5),
                            quantile(raw(nul, phase, kind, 1), 0.5),
                            quantile(oRaw, 0.5),
                            quantile(oRaw, 0.99),
                            oRaw[oRaw.length - 1],
                            quantile(nRaw, 0.5),
                            quantile(nRaw, 0.99),
                            nRaw[nRaw.length - 1],
                            refused,
                            warnings));
                }
            }
            md.append("\nRaw times, from sending the write to reading the whole reply. Refused and warnings count"
                    + " every write of the row (warm rows: the phase's CREATEs and UPDATEs), baselines included; all"
                    + " should be 0:\n\n");
            md.append(raw);
            md.append("\nEach fresh server, launch to ready (webhook: its readiness probe, informers synced; null: a"
                    + " successful HTTPS request), and registration applied to the first write that reached both"
                    + " webhooks (probe writes sent):\n\n");
            md.append("| Server | Launch to ready ms | Registration to first call ms (probes) |\n");
            md.append("| --- | --- | --- |\n");
            for (Server server : Server.values()) {
                List<String> ready = new ArrayList<>();
                List<String> inForce = new ArrayList<>();
                for (Results r : results.get(server)) {
                    r.readyMillis.forEach(ms -> ready.add(String.valueOf(ms)));
                    for (int i = 0; i < r.inForceMillis.size(); i++) {
                        inForce.add(r.inForceMillis.get(i) + " (" + r.probes.get(i) + ")");
                    }
                }
                md.append("| ")
                        .append(server.label)
                        .append(" | ")
                        .append(String.join(", ", ready))
                        .append(" | ")
                        .append(String.join(", ", inForce))
                        .append(" |\n");
            }
            return md.toString();
        }

        private static String ratio(long ours, long nul) {
            return nul <= 0 ? "n/a" : String.format("%.2f", (double) ours / nul);
        }
    }
}
