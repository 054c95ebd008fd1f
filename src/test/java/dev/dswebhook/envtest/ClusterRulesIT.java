package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.cli.Check;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Corpus;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cluster cases against a real control plane: a real API server with the packaged webhook
 * watching it through its informers, and the real DaemonSet controller and scheduler
 * ({@link Scheduling}) placing pods on the case's Nodes. Each case's Nodes and objects are created
 * (by a user the webhook exempts, so that a case can hold a conflict that predates the webhook),
 * then the DaemonSet is written as a user writes it, and the API server's answer must carry the
 * case's causes and warnings; {@code check --cluster} must say the same beforehand. Then the write
 * is made anyway and the controllers and the scheduler must bear out every claim of the verdict
 * ({@link PlacementTruth}): where each DaemonSet runs, which pods are stranded on their host ports
 * and where, which Nodes run a daemon twice, which pods were adopted.
 *
 * <p>The tier has a control plane of its own: the rules look across namespaces, and the other
 * classes leave their DaemonSets behind.
 */
@DisplayName("The cluster-aware rules, through a real API server, DaemonSet controller and scheduler")
class ClusterRulesIT {

    /** The group the webhook exempts; the objects a case starts with are created in it. */
    static final String SETUP_GROUP = "dswebhook:fixture-setup";

    /** The namespaces the cases put objects in. */
    static final List<String> NAMESPACES = List.of("apps", "monitoring", "other", "kube-system");

    private static final List<PlacementTruth.Check> AGREEMENT = new ArrayList<>();
    private static int casesChecked;

    private static ControlPlane controlPlane;
    private static Scheduling scheduling;
    private static KubernetesClient admin;
    private static KubernetesClient setup;
    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.start();
        scheduling = Scheduling.start(controlPlane);
        admin = controlPlane.client();
        setup = impersonating(controlPlane, "fixture-setup", SETUP_GROUP);
        webhook = watching(controlPlane)
                .setting("webhook.exemptions.groups", SETUP_GROUP)
                .start();
        for (String namespace : List.of("apps", "monitoring", "other")) {
            controlPlane.namespace(namespace);
        }
        Registrations.apply(controlPlane.kubectl(), Registrations.localUrl(controlPlane.kubectl(), webhook));
        ObjectNode probe =
                ClusterCases.manifest(Fixtures.JSON.createObjectNode().put("name", "probe"));
        Registrations.await("the webhook is called", Duration.ofSeconds(15), () -> {
            new ApiCalls(admin).create("apps", probe, true);
            return !webhook.decisionsAbout("apps", "probe", "validate").isEmpty();
        });
    }

    @AfterAll
    static void stop() {
        long agreed = AGREEMENT.stream().filter(PlacementTruth.Check::agreed).count();
        System.out.printf(
                "placement agreement: the controller and the scheduler bore out %d of %d claims over %d cases%n",
                agreed, AGREEMENT.size(), casesChecked);
        if (webhook != null) {
            // What listing pods costs a DaemonSet write: the validating webhook lists them from the
            // API server on a worker thread; the mutating one lists nothing. Same writes, same run.
            System.out.printf(
                    "webhook latency over the cases' writes: validate (with the pods look-up) median %.2f ms, mutate"
                            + " median %.2f ms%n",
                    medianLatency("validate"), medianLatency("mutate"));
        }
        if (scheduling != null) {
            scheduling.close();
        }
        if (webhook != null) {
            webhook.close();
        }
        if (setup != null) {
            setup.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    /** The median latency the decision log records for the judged writes to one webhook. */
    private static double medianLatency(String which) {
        double[] latencies = webhook.decisions().stream()
                .filter(d -> d.path("webhook").asText().equals(which)
                        && !d.path("verdict").asText().equals("exempt")
                        && d.has("latencyMs"))
                .mapToDouble(d -> d.path("latencyMs").asDouble())
                .sorted()
                .toArray();
        return latencies.length == 0 ? Double.NaN : latencies[latencies.length / 2];
    }

    /** A packaged webhook that watches this control plane, as it would its own cluster. */
    static PackagedWebhook.Builder watching(ControlPlane plane) {
        return PackagedWebhook.builder()
                .setting("webhook.cluster.enabled", "true")
                .setting("kubeconfig", plane.kubeconfig().toAbsolutePath().toString());
    }

    /** A client acting as another user, as {@code kubectl --as} does. */
    static KubernetesClient impersonating(ControlPlane plane, String user, String group) {
        try {
            Config config = new ConfigBuilder(Config.fromKubeconfig(Files.readString(plane.kubeconfig())))
                    .withImpersonateUsername(user)
                    .withImpersonateGroups("system:masters", group)
                    .build();
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.ClusterCases#all")
    void theApiServerAnswersWithTheCasesCausesAndWarnings(ClusterCase c) {
        arrange(c);
        // What check --cluster says before the write is what the API server then answers.
        CheckVerdict check = checkAgainstTheCluster(c.daemonSet());
        assertEquals(c.denied(), check.denied(), "check --cluster denies as the webhook does:\n" + check.report());
        assertEquals(c.warned(), check.warned(), "check --cluster warns as the webhook does:\n" + check.report());
        ApiCalls.Answer answer = write(new ApiCalls(admin), c);
        assertEquals(c.denied().isEmpty(), answer.accepted(), answer::toString);
        if (!c.denied().isEmpty()) {
            assertEquals(422, answer.code());
            assertEquals(
                    "admission webhook \"validate.daemonsets.dswebhook.dev\" denied the request: "
                            + c.expectedMessage(),
                    answer.message());
            assertEquals(
                    c.denied().stream().map(Case.ExpectedViolation::message).toList(), answer.causes());
            // What the rule said would break: made anyway, past the webhook, for the control plane to show.
            ApiCalls.Answer forced = write(new ApiCalls(setup), c);
            assertTrue(forced.accepted(), forced::toString);
        }
        assertEquals(c.warnings(), warnings(answer.warnings()), "the warnings the user sees");
        bearsOut(c);
    }

    /**
     * Holds the verdict to what the DaemonSet controller and the scheduler did with the write, and
     * counts the claims they bore out.
     */
    private void bearsOut(ClusterCase c) {
        List<Scheduling.PodState> pods = scheduling.awaitSettled();
        PlacementTruth truth = new PlacementTruth(admin);
        String name = c.daemonSet().at("/metadata/name").asText();
        String namespace = c.daemonSet().at("/metadata/namespace").asText();
        String family = c.daemonSet()
                .at("/spec/template/metadata/labels")
                .path(FAMILY_LABEL)
                .textValue();
        truth.placement(pods);
        List<Case.ExpectedViolation> found = new ArrayList<>(c.denied());
        found.addAll(c.warned());
        truth.hostPorts(name, found, pods);
        truth.family(FAMILY_LABEL, family, c.warned(), pods);
        truth.adopted(namespace, name, c.warned());
        truth.coverage(namespace, name, c.warned(), pods);
        truth.familyGap(FAMILY_LABEL, family, c.warned(), pods);
        truth.fits(c.warned(), pods);
        truth.workloadPods(c.pods(), pods);
        truth.taintLifted(c.warned(), scheduling);
        casesChecked++;
        AGREEMENT.addAll(truth.checks());
        List<PlacementTruth.Check> disagreed =
                truth.checks().stream().filter(check -> !check.agreed()).toList();
        assertTrue(disagreed.isEmpty(), "the control plane did otherwise: " + disagreed);
    }

    private static final String FAMILY_LABEL = "app.kubernetes.io/name";

    /** The case's DaemonSet written as the client's user writes it: created, or over the stored one. */
    private static ApiCalls.Answer write(ApiCalls calls, ClusterCase c) {
        String namespace = c.daemonSet().at("/metadata/namespace").asText();
        return c.old() == null
                ? calls.create(namespace, c.daemonSet(), false)
                : calls.update(namespace, c.daemonSet().at("/metadata/name").asText(), c.daemonSet(), false);
    }

    /**
     * Creates a case's Nodes as kubelets would register them and its objects as the setup user,
     * waits for the controllers and the scheduler to place their pods, and for the webhook to
     * cache what is there.
     */
    private void arrange(ClusterCase c) {
        for (ObjectNode object : c.cluster()) {
            if (object.path("kind").asText().equals("Node")) {
                scheduling.addNode(object);
            } else {
                create(setup, object);
            }
        }
        if (c.old() != null) {
            create(setup, c.old());
        }
        scheduling.awaitSettled();
        awaitCached();
    }

    /**
     * Each real install of the corpus, applied through the webhook as its project installs it, on
     * the Nodes of a mixed cluster: no write is denied, each DaemonSet is warned of no more than
     * {@code check} finds for it over the same files, and the controller and the scheduler then
     * place every DaemonSet where its placement says and strand no pod on a host port.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.Corpus#all")
    void eachRealInstallIsAcceptedAndRunsWhereItsProjectMeansIt(Corpus.Set set) {
        for (ObjectNode node : Corpus.nodes()) {
            scheduling.addNode(node);
        }
        ApiCalls calls = new ApiCalls(admin);
        for (ObjectNode object : set.objects()) {
            String namespace = object.at("/metadata/namespace").asText();
            if (!namespace.isEmpty()) {
                controlPlane.namespace(namespace);
            }
            if (!object.path("kind").asText().equals("DaemonSet")) {
                create(admin, object);
                continue;
            }
            scheduling.awaitSettled();
            awaitCached();
            ApiCalls.Answer answer = calls.create(namespace, object, false);
            String name = namespace + "/" + object.at("/metadata/name").asText();
            assertTrue(answer.accepted(), name + " is installed as its project ships it: " + answer);
            Corpus.Expected expected = set.expect().getOrDefault(name, Corpus.Expected.NOTHING);
            List<String> warned = warnings(answer.warnings());
            // The webhook judges each DaemonSet against what was applied before it; check, against the whole set.
            assertTrue(
                    warned.size() <= expected.warned().size(),
                    name + " is warned of no more than check finds: " + warned + " against " + expected.warned());
        }
        List<Scheduling.PodState> pods = scheduling.awaitSettled();
        PlacementTruth truth = new PlacementTruth(admin);
        truth.placement(pods);
        truth.hostPorts("", List.of(), pods);
        // What check finds of each DaemonSet of the whole set, held to where the pods went.
        set.expect().forEach((name, expected) -> {
            String[] parts = name.split("/", 2);
            truth.coverage(parts[0], parts[1], expected.warned(), pods);
            truth.fits(expected.warned(), pods);
        });
        AGREEMENT.addAll(truth.checks());
        casesChecked++;
        List<PlacementTruth.Check> disagreed =
                truth.checks().stream().filter(check -> !check.agreed()).toList();
        assertTrue(disagreed.isEmpty(), "the control plane did otherwise: " + disagreed);
        usedNamespaces.addAll(set.objects().stream()
                .map(o -> o.at("/metadata/namespace").asText())
                .filter(ns -> !ns.isEmpty())
                .toList());
    }

    @Test
    @DisplayName("two DaemonSets of one selector coexist; orphaned, one's pods are adopted and replaced by the other")
    void orphanedPodsAreAdoptedByTheOtherSelector() {
        ClusterCase c = ClusterCases.named(
                "of two DaemonSets selecting each other's pods, the second warns once, at its selector");
        arrange(c);
        ApiCalls.Answer answer = write(new ApiCalls(admin), c);
        assertTrue(answer.accepted(), answer::toString);
        assertEquals(c.warnings(), warnings(answer.warnings()));
        List<Scheduling.PodState> before = scheduling.awaitSettled();
        assertEquals(
                List.of("DaemonSet/collector", "DaemonSet/collector-v2"),
                before.stream().map(Scheduling.PodState::owner).sorted().toList(),
                "while both live, each keeps its own pod");
        String orphan = before.stream()
                .filter(p -> p.owner().equals("DaemonSet/collector"))
                .findFirst()
                .orElseThrow()
                .name();
        orphan("apps", "collector");
        List<Scheduling.PodState> after = scheduling.awaitSettled();
        assertTrue(
                after.stream()
                        .noneMatch(p -> p.name().equals(orphan) && !p.owner().equals("DaemonSet/collector-v2")),
                "the orphan is adopted by collector-v2, or deleted by it: " + after);
        assertEquals(
                List.of("DaemonSet/collector-v2"),
                after.stream().map(Scheduling.PodState::owner).toList(),
                "collector-v2 runs one pod of its own on the Node, as the warning says");
    }

    @Test
    @DisplayName("a Linux and a Windows plugin of one selector pass; orphaned, one's pods are deleted by the other")
    void disjointPairsPassYetOrphansAreStillTaken() {
        ClusterCase c =
                ClusterCases.named("Linux and Windows node plugins with one selector never share a Node, and pass");
        arrange(c);
        ApiCalls.Answer answer = write(new ApiCalls(admin), c);
        assertTrue(answer.accepted() && answer.warnings().isEmpty(), answer::toString);
        scheduling.awaitSettled();
        // What the rule leaves out, by design (README): the pair is installed as upstream ships it,
        // and only an orphaning delete of one lets the other take its pods.
        orphan("kube-system", "ebs-csi-node");
        List<Scheduling.PodState> after = scheduling.awaitSettled();
        assertEquals(
                List.of("DaemonSet/ebs-csi-node-windows"),
                after.stream().map(Scheduling.PodState::owner).toList(),
                "the Windows plugin adopts the Linux plugin's orphaned pod and deletes it: " + after);
    }

    @Test
    @DisplayName("a host-network port with maxSurge is denied, and made anyway, its rollout stalls for good")
    void aSurgeOnAHostPortStalls() {
        ObjectNode agent = ClusterCases.manifest(Fixtures.yamlValue("{name: agent, hostNetwork: true, ports:"
                + " [{containerPort: 9999}], updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1,"
                + " maxUnavailable: 0}}}"));
        ApiCalls.Answer denied = new ApiCalls(admin).create("apps", agent, false);
        assertEquals(422, denied.code(), denied::toString);
        assertTrue(
                denied.message().contains("[host-port-surge]")
                        || denied.message().contains("maxSurge"),
                denied::toString);
        ApiCalls.Answer rolledOut = rollOut(agent);
        List<Scheduling.PodState> after = scheduling.awaitSettled();
        assertTrue(
                after.stream().anyMatch(p -> p.owner().equals("DaemonSet/agent") && p.strandedOnPorts()),
                "the surge pod is left Pending with didn't have free ports: " + after);
        assertEquals(0, updated("agent"), "no pod of the new template is ever scheduled: " + rolledOut);
    }

    @Test
    @DisplayName("a rollout with maxSurge and no host port completes")
    void aSurgeWithoutAHostPortCompletes() {
        ObjectNode agent = ClusterCases.manifest(
                Fixtures.yamlValue(
                        "{name: agent, updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}"));
        ApiCalls.Answer allowed = new ApiCalls(admin).create("apps", agent, true);
        assertTrue(allowed.accepted() && allowed.warnings().isEmpty(), allowed::toString);
        rollOut(agent);
        Registrations.await(
                "the rollout completes",
                Duration.ofSeconds(45),
                () -> updated("agent") == 1
                        && scheduling.pods().stream()
                                        .filter(p -> p.owner().equals("DaemonSet/agent"))
                                        .count()
                                == 1);
    }

    /**
     * Creates a DaemonSet past the webhook on one Node, lets its pod run, then changes its
     * template, as a rollout does; the stand-in kubelet reports bound pods running and ready.
     */
    private ApiCalls.Answer rollOut(ObjectNode daemonSet) {
        scheduling.addNode(ClusterCases.manifest(Fixtures.yamlValue("{kind: Node, name: worker-1}")));
        scheduling.runPods(true);
        try {
            create(setup, daemonSet);
            // Available, not only scheduled: the controller replaces an unavailable old pod at
            // once instead of surging beside it, and the surge is what these tests are about.
            Registrations.await(
                    "the first pod is available",
                    Duration.ofSeconds(45),
                    () -> available(daemonSet.at("/metadata/name").asText()) == 1);
            ObjectNode changed = daemonSet.deepCopy();
            ((ObjectNode) changed.at("/spec/template/metadata/labels")).put("revision", "2");
            ApiCalls.Answer answer = new ApiCalls(setup)
                    .update("apps", daemonSet.at("/metadata/name").asText(), withVersion(changed), false);
            assertTrue(answer.accepted(), answer::toString);
            return answer;
        } finally {
            // Rolled out or stalled, what is left is what the test looks at; later tests run no pods.
            scheduling.awaitSettled();
            scheduling.runPods(false);
        }
    }

    /** The stored object's resourceVersion on a copy, for an update. */
    private static ObjectNode withVersion(ObjectNode object) {
        String version = admin.apps()
                .daemonSets()
                .inNamespace(object.at("/metadata/namespace").asText())
                .withName(object.at("/metadata/name").asText())
                .get()
                .getMetadata()
                .getResourceVersion();
        ((ObjectNode) object.path("metadata")).put("resourceVersion", version);
        return object;
    }

    /** The DaemonSet's {@code updatedNumberScheduled}: its Nodes that run a pod of its current template. */
    private static int available(String name) {
        var status = admin.apps()
                .daemonSets()
                .inNamespace("apps")
                .withName(name)
                .get()
                .getStatus();
        return status == null || status.getNumberAvailable() == null ? 0 : status.getNumberAvailable();
    }

    private static int updated(String name) {
        var status = admin.apps()
                .daemonSets()
                .inNamespace("apps")
                .withName(name)
                .get()
                .getStatus();
        return status == null || status.getUpdatedNumberScheduled() == null ? 0 : status.getUpdatedNumberScheduled();
    }

    /** {@code kubectl delete daemonset NAME --cascade=orphan}, waiting until it is gone. */
    private static void orphan(String namespace, String name) {
        admin.apps()
                .daemonSets()
                .inNamespace(namespace)
                .withName(name)
                .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN)
                .delete();
        Registrations.await(
                name + " is deleted and its pods orphaned",
                Duration.ofSeconds(30),
                () -> admin.apps()
                                .daemonSets()
                                .inNamespace(namespace)
                                .withName(name)
                                .get()
                        == null);
    }

    /** The namespaces besides {@link #NAMESPACES} a test put objects in, to empty afterwards. */
    private final java.util.Set<String> usedNamespaces = new java.util.TreeSet<>();

    @Test
    @DisplayName("kubectl prints a family overlap as a Warning: line and applies the DaemonSet")
    void kubectlPrintsTheFamilyWarning() {
        ClusterCase c = ClusterCases.named(
                "two DaemonSets of one daemon on overlapping Nodes warn, naming the other and a Node");
        arrange(c);
        Kubectl.Run run = controlPlane.kubectl().withInput(c.daemonSet().toString(), "create", "-f", "-");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(
                run.stderr().contains("Warning: " + c.warnings().get(0) + "\n"),
                "kubectl shows the warning, the Node the two would share included:\n" + run.stderr());
    }

    @Test
    @DisplayName("kubectl prints a host-port conflict as the README shows it")
    void kubectlPrintsTheDenial() {
        ClusterCase c = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        arrange(c);
        Kubectl.Run run = controlPlane.kubectl().withInput(c.daemonSet().toString(), "create", "-f", "-");
        assertEquals(1, run.exitCode(), run.stderr());
        // kubectl words an Invalid status with causes itself: the kind, the name, then each cause.
        assertEquals(
                "The DaemonSet \"node-exporter\" is invalid: "
                        + c.denied().get(0).message() + "\n",
                run.stderr());
    }

    /**
     * Removes everything the case and the controllers made: the workloads and pods of the case's
     * namespaces (pods at once, as no kubelet will confirm them), the Nodes and the priority
     * classes, and waits for the webhook's caches to hold nothing of them.
     */
    @AfterEach
    void cleanUp() {
        usedNamespaces.addAll(NAMESPACES);
        for (String namespace : usedNamespaces) {
            admin.apps().daemonSets().inNamespace(namespace).delete();
            admin.apps().deployments().inNamespace(namespace).delete();
            admin.apps().replicaSets().inNamespace(namespace).delete();
            admin.apps().statefulSets().inNamespace(namespace).delete();
            admin.replicationControllers().inNamespace(namespace).delete();
            admin.pods().inNamespace(namespace).withGracePeriod(0).delete();
        }
        admin.nodes().delete();
        admin.scheduling().v1().priorityClasses().list().getItems().stream()
                .filter(pc -> !pc.getMetadata().getName().startsWith("system-"))
                .forEach(pc -> admin.resource(pc).delete());
        Registrations.await("the objects are gone, and the webhook's caches with them", Duration.ofSeconds(30), () -> {
            boolean podsGone = usedNamespaces.stream()
                    .allMatch(
                            ns -> admin.pods().inNamespace(ns).list().getItems().isEmpty());
            return podsGone && cachedAsInTheApiServer();
        });
    }

    private static void create(KubernetesClient client, ObjectNode object) {
        var kind = client.genericKubernetesResources(
                object.path("apiVersion").asText(), object.path("kind").asText());
        String namespace = object.at("/metadata/namespace").asText();
        GenericKubernetesResource resource = Fixtures.JSON.convertValue(object, GenericKubernetesResource.class);
        if (namespace.isEmpty()) {
            kind.resource(resource).create();
        } else {
            kind.inNamespace(namespace).resource(resource).create();
        }
    }

    /** Waits until the webhook's informers hold as many objects of each kind as the API server does. */
    static void awaitCached() {
        Registrations.await(
                "the webhook caches what the API server holds",
                Duration.ofSeconds(20),
                ClusterRulesIT::cachedAsInTheApiServer);
    }

    private static boolean cachedAsInTheApiServer() {
        return cachedAsIn(webhook, admin);
    }

    /** Whether the webhook's informers hold as many objects of each kind as {@code api} lists. */
    static boolean cachedAsIn(PackagedWebhook webhook, KubernetesClient api) {
        Map<String, Integer> cached = cached(webhook);
        for (dev.dswebhook.policy.ClusterKind kind : dev.dswebhook.policy.ClusterKind.watched()) {
            int live = api.genericKubernetesResources(kind.apiVersion(), kind.kind())
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .size();
            if (cached.getOrDefault(kind.plural(), 0) != live) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern OBJECTS =
            Pattern.compile("daemonset_webhook_cluster_objects\\{kind=\"([A-Za-z]+)\"[^}]*} ([0-9.]+)");

    /** What the webhook's caches hold, by kind, from its metrics. */
    static Map<String, Integer> cached(PackagedWebhook webhook) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = OBJECTS.matcher(webhook.management("/q/metrics").body());
        while (m.find()) {
            out.put(m.group(1), (int) Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** The text of {@code Warning: 299 - "..."} headers, as kubectl prints them. */
    static List<String> warnings(List<String> headers) {
        List<String> out = new ArrayList<>();
        for (String header : headers) {
            String text = header.replaceFirst("^299 - \"", "").replaceFirst("\"$", "");
            out.add(text.replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /**
     * What {@code check --cluster} says of one DaemonSet.
     *
     * @param denied what it fails on
     * @param warned what it only warns of
     * @param report the JSON report
     */
    record CheckVerdict(List<Case.ExpectedViolation> denied, List<Case.ExpectedViolation> warned, String report) {}

    static CheckVerdict checkAgainstTheCluster(ObjectNode daemonSet) {
        Path dir = null;
        try {
            // Under target/, and removed afterwards: this runs once for every cluster case.
            dir = Files.createTempDirectory(Path.of("target"), "check-cluster");
            Files.writeString(dir.resolve("daemonset.json"), daemonSet.toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Check.run(
                    List.of(
                            "--cluster",
                            "--kubeconfig",
                            controlPlane.kubeconfig().toAbsolutePath().toString(),
                            "--output",
                            "json",
                            "daemonset.json"),
                    dir,
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertTrue(code == 0 || code == 1, "check ran: " + code + " " + err.toString(StandardCharsets.UTF_8));
            List<Case.ExpectedViolation> denied = new ArrayList<>();
            List<Case.ExpectedViolation> warned = new ArrayList<>();
            for (JsonNode v :
                    Fixtures.JSON.readTree(report).path("daemonSets").get(0).path("violations")) {
                (v.path("enforcement").asText().equals("deny") ? denied : warned)
                        .add(new Case.ExpectedViolation(
                                v.path("rule").asText(), v.path("message").asText()));
            }
            return new CheckVerdict(denied, warned, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("daemonset.json"));
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // Left under target/, which the next clean removes.
                }
            }
        }
    }
}
