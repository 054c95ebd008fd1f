package dev.dswebhook.envtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Fixtures;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The real DaemonSet controller (in {@code kube-controller-manager}) and {@code kube-scheduler}
 * beside an envtest control plane: the ground truth for where a DaemonSet's pods run, and why the
 * ones that do not stay Pending.
 *
 * <p>Nodes are plain objects created through the API; no kubelet runs. What a kubelet and the node
 * lifecycle controller would do for them is done here, no more: a Node is made Ready with its
 * allocatable resources and the {@code not-ready} taint the API server puts on every new Node is
 * lifted; a pod that is being deleted is let go at once, as a kubelet confirms a stopped pod; and,
 * when asked, bound pods are reported Running and Ready, so that a rolling update can proceed.
 *
 * <p>The binaries sit beside kube-api-test's ({@code $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/});
 * {@code .ci/run} unpacks a local copy there. Where they are missing they are downloaded from the
 * Kubernetes release site ({@code dl.k8s.io}) for the version of that folder and checked against the
 * SHA-256 it publishes, as kube-api-test downloads its own.
 */
public final class Scheduling implements AutoCloseable {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private final ScheduledExecutorService standIn = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kubelet-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean runPods;

    private Scheduling(ControlPlane plane) {
        this.client = plane.client();
        try {
            this.logs = Files.createDirectories(Path.of("target", "control-plane"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the DaemonSet, Deployment, ReplicaSet and garbage-collector controllers and the
     * scheduler against a control plane.
     */
    public static Scheduling start(ControlPlane plane) {
        Scheduling scheduling = new Scheduling(plane);
        try {
            Path bin = binaries();
            String kubeconfig = plane.kubeconfig().toAbsolutePath().toString();
            int managerPort = freePort();
            scheduling.launch(
                    "kube-controller-manager",
                    managerPort,
                    List.of(
                            bin.resolve("kube-controller-manager").toString(),
                            // The pods need the namespace's default ServiceAccount; Deployments need
                            // both of theirs; orphaning (--cascade=orphan) needs the garbage collector.
                            // No node lifecycle controller: these Nodes have no kubelet.
                            "--controllers=daemonset,serviceaccount,deployment,replicaset,garbagecollector",
                            "--use-service-account-credentials=false"),
                    kubeconfig);
            int schedulerPort = freePort();
            scheduling.launch(
                    "kube-scheduler",
                    schedulerPort,
                    List.of(bin.resolve("kube-scheduler").toString()),
                    kubeconfig);
            scheduling.awaitHealthy("kube-controller-manager", managerPort);
            scheduling.awaitHealthy("kube-scheduler", schedulerPort);
            scheduling.standIn.scheduleWithFixedDelay(scheduling::actForKubelets, 200, 200, TimeUnit.MILLISECONDS);
            return scheduling;
        } catch (RuntimeException e) {
            scheduling.close();
            throw e;
        }
    }

    private void launch(String name, int port, List<String> command, String kubeconfig) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--authentication-skip-lookup",
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + port,
                "--cert-dir=" + logs.resolve(name + "-certs").toAbsolutePath()));
        try {
            Process process = new ProcessBuilder(args)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile())
                    .start();
            processes.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void awaitHealthy(String name, int port) {
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            if (healthy(port)) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy within " + HEALTHY_WITHIN.toSeconds()
                + " s; see " + logs.resolve(name + ".log"));
    }

    /**
     * Whether a component answers 200 on its {@code /healthz}. Its serving certificate is one it made
     * for itself at start, so the check trusts it as it is: it is a process this class started, on loopback.
     */
    private static boolean healthy(int port) {
        try (javax.net.ssl.SSLSocket socket =
                (javax.net.ssl.SSLSocket) trustingItself().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream()
                    .write("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status =
                    new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            return status.endsWith(" 200");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether bound pods are reported Running and Ready, as a kubelet would once their containers
     * start: a rolling update waits for that before it goes on.
     */
    public void runPods(boolean run) {
        this.runPods = run;
    }

    /** What a kubelet would do for these Nodes: let deleted pods go, and report bound pods running when asked. */
    private void actForKubelets() {
        try {
            for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    client.pods()
                            .inNamespace(pod.getMetadata().getNamespace())
                            .withName(pod.getMetadata().getName())
                            .withGracePeriod(0)
                            .delete();
                } else if (runPods && bound(pod) && !ready(pod)) {
                    markRunning(pod);
                }
            }
        } catch (KubernetesClientException e) {
            // The next round tries again; a conflict or a pod gone meanwhile is expected.
        }
    }

    private void markRunning(Pod pod) {
        String now = Instant.now().toString();
        ObjectNode status = Fixtures.JSON.createObjectNode();
        status.putObject("status").put("phase", "Running");
        var conditions = ((ObjectNode) status.get("status")).putArray("conditions");
        for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
            conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
        }
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .subresource("status")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                        status.toString());
    }

    /**
     * Creates a Node as a kubelet would register it: with its labels and taints, its allocatable
     * resources ({@code status.allocatable} of the manifest, else 4 CPUs, 8 GiB and 110 pods) and a
     * Ready condition; the {@code not-ready} taint the API server adds is lifted, as the node
     * lifecycle controller would once the kubelet reports Ready.
     */
    public void addNode(JsonNode manifest) {
        register(client, manifest);
    }

    /**
     * Creates a Node as {@link #addNode} does, on any control plane: what a kubelet and the node
     * lifecycle controller would have made of it once it reported Ready.
     */
    public static void register(KubernetesClient client, JsonNode manifest) {
        Node node = Fixtures.JSON.convertValue(manifest, Node.class);
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of()
                : List.copyOf(node.getSpec().getTaints());
        NodeStatus wanted = node.getStatus();
        node.setStatus(null);
        client.nodes().resource(node).create();
        Map<String, Quantity> allocatable = new HashMap<>(
                Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")));
        if (wanted != null && wanted.getAllocatable() != null) {
            allocatable.putAll(wanted.getAllocatable());
        }
        String now = Instant.now().toString();
        client.nodes().withName(node.getMetadata().getName()).editStatus(current -> {
            NodeStatus status = current.getStatus() == null ? new NodeStatus() : current.getStatus();
            status.setAllocatable(allocatable);
            status.setCapacity(allocatable);
            NodeCondition ready = new NodeCondition();
            ready.setType("Ready");
            ready.setStatus("True");
            ready.setReason("KubeletReady");
            ready.setMessage("kubelet is posting ready status");
            ready.setLastHeartbeatTime(now);
            ready.setLastTransitionTime(now);
            status.setConditions(List.of(ready));
            current.setStatus(status);
            return current;
        });
        client.nodes().withName(node.getMetadata().getName()).edit(current -> {
            current.getSpec().setTaints(taints.isEmpty() ? null : new ArrayList<>(taints));
            return current;
        });
    }

    /** Removes one taint from a Node, as {@code kubectl taint nodes NODE KEY:EFFECT-} does. */
    public void untaint(String node, String key, String effect) {
        client.nodes().withName(node).edit(current -> {
            List<Taint> kept = new ArrayList<>(current.getSpec().getTaints());
            kept.removeIf(t -> t.getKey().equals(key) && t.getEffect().equals(effect));
            current.getSpec().setTaints(kept.isEmpty() ? null : kept);
            return current;
        });
    }

    /**
     * A pod as the controllers and the scheduler left it.
     *
     * @param namespace its namespace
     * @param name      its name
     * @param owner     its controller, as {@code Kind/name}, or empty for none
     * @param labels    its labels
     * @param node      the Node it is bound to, or for a DaemonSet's pod not bound yet, the one its
     *                  node affinity names; empty when neither
     * @param bound     whether it is bound to that Node
     * @param why       why the scheduler left it Pending ({@code PodScheduled=False}), or empty
     */
    public record PodState(
            String namespace,
            String name,
            String owner,
            Map<String, String> labels,
            String node,
            boolean bound,
            String why) {

        /** Whether the scheduler found no room for its host ports where it must run. */
        public boolean strandedOnPorts() {
            return !bound && why.contains("didn't have free ports");
        }
    }

    /** Every pod of the cluster now, by namespace and name. */
    public List<PodState> pods() {
        List<PodState> out = new ArrayList<>();
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String owner = "";
            for (OwnerReference ref :
                    Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of())) {
                if (Boolean.TRUE.equals(ref.getController())) {
                    owner = ref.getKind() + "/" + ref.getName();
                }
            }
            String why = "";
            if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
                for (PodCondition condition : pod.getStatus().getConditions()) {
                    if (condition.getType().equals("PodScheduled")
                            && condition.getStatus().equals("False")) {
                        why = condition.getMessage() == null ? condition.getReason() : condition.getMessage();
                    }
                }
            }
            out.add(new PodState(
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    owner,
                    pod.getMetadata().getLabels() == null
                            ? Map.of()
                            : Map.copyOf(pod.getMetadata().getLabels()),
                    target(pod),
                    bound(pod),
                    why));
        }
        out.sort(Comparator.comparing(PodState::namespace).thenComparing(PodState::name));
        return out;
    }

    /**
     * Waits until the controllers and the scheduler are done: every pod is bound or has the
     * scheduler's reason for not being, nothing is being deleted, every DaemonSet has created its
     * pods, and all of that has stayed the same for a while (a preemption takes a few rounds).
     */
    public List<PodState> awaitSettled() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
        List<PodState> last = null;
        int same = 0;
        while (Instant.now().isBefore(deadline)) {
            List<PodState> now = pods();
            boolean decided = now.stream().allMatch(p -> p.bound() || !p.why().isEmpty())
                    && client.pods().inAnyNamespace().list().getItems().stream()
                            .noneMatch(p -> p.getMetadata().getDeletionTimestamp() != null)
                    && daemonSetsCaughtUp();
            same = decided && now.equals(last) ? same + 1 : 0;
            if (same >= 2) {
                return now;
            }
            last = now;
            sleep(500);
        }
        throw new AssertionError("the controllers and the scheduler did not settle within 45 s: " + last);
    }

    private boolean daemonSetsCaughtUp() {
        return client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
                .allMatch(ds -> ds.getStatus() != null
                        && ds.getStatus().getObservedGeneration() != null
                        && ds.getStatus().getObservedGeneration()
                                >= ds.getMetadata().getGeneration()
                        && java.util.Objects.equals(
                                ds.getStatus().getCurrentNumberScheduled(),
                                ds.getStatus().getDesiredNumberScheduled())
                        && (ds.getStatus().getNumberMisscheduled() == null
                                || ds.getStatus().getNumberMisscheduled() == 0));
    }

    private static boolean bound(Pod pod) {
        return pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    /** The Node a pod is bound to, or the one a DaemonSet's pod is made for (its {@code metadata.name} affinity). */
    private static String target(Pod pod) {
        if (bound(pod)) {
            return pod.getSpec().getNodeName();
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null
                || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return "";
        }
        for (var term : affinity.getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()) {
            for (var field : Optional.ofNullable(term.getMatchFields()).orElse(List.of())) {
                if (field.getKey().equals("metadata.name") && field.getValues().size() == 1) {
                    return field.getValues().get(0);
                }
            }
        }
        return "";
    }

    @Override
    public void close() {
        standIn.shutdownNow();
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The folder of the envtest binaries that holds the controller manager and the scheduler; where
     * it lacks them, they are downloaded into it from the Kubernetes release site for its version.
     */
    static Path binaries() {
        String configured = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        String dir = configured != null
                ? configured
                : new File(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME).getPath();
        Path folder;
        try (Stream<Path> versions = Files.list(Path.of(dir, "k8s"))) {
            folder = versions.filter(v -> Files.isExecutable(v.resolve("kube-apiserver")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no envtest binaries in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String binary : List.of("kube-controller-manager", "kube-scheduler")) {
            if (!Files.isExecutable(folder.resolve(binary))) {
                download(folder, binary);
            }
        }
        return folder;
    }

    /** Downloads one release binary for the folder's version ({@code 1.34.2-linux-amd64}) and checks its SHA-256. */
    private static void download(Path folder, String binary) {
        String name = folder.getFileName().toString();
        int dash = name.indexOf('-');
        String version = name.substring(0, dash);
        String platform = name.substring(dash + 1).replace('-', '/');
        String url = "https://dl.k8s.io/release/v" + version + "/bin/" + platform + "/" + binary;
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        try {
            String expected = http.send(
                            HttpRequest.newBuilder(URI.create(url + ".sha256")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body()
                    .trim();
            Path partial = folder.resolve(binary + ".download");
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new java.security.DigestInputStream(response.body(), sha)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (response.statusCode() != 200 || !actual.equals(expected)) {
                Files.deleteIfExists(partial);
                throw new IllegalStateException(
                        "the download of " + url + " failed or does not match its published SHA-256");
            }
            partial.toFile().setExecutable(true);
            Files.move(partial, folder.resolve(binary), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(
                    binary + " is not among the envtest binaries in " + folder + " and could not be downloaded from "
                            + url + " (" + e + "); unpack it there, as .ci/run does",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS context for the components' own health endpoints, which serve self-signed certificates. */
    private static SSLContext trustingItself() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String type) {}

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String type) {}

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
