package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.cli.Check;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
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
 * The cluster cases against a real API server, with the packaged webhook watching it through its
 * informers: each case's objects are created (by a user the webhook exempts, so that a case can
 * hold a conflict that predates the webhook), then the DaemonSet is written as a user writes it,
 * and the API server's answer must carry the case's causes and warnings. {@code check --cluster}
 * must then say the same about the same DaemonSet before it is applied.
 *
 * <p>The tier has a control plane of its own: the rules look across namespaces, and the other
 * classes leave their DaemonSets behind.
 */
@DisplayName("The cluster-aware rules, through a real API server")
class ClusterRulesIT {

    /** The group the webhook exempts; the objects a case starts with are created in it. */
    static final String SETUP_GROUP = "dswebhook:fixture-setup";

    private static ControlPlane controlPlane;
    private static KubernetesClient admin;
    private static KubernetesClient setup;
    private static PackagedWebhook webhook;
    private final List<JsonNode> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.start();
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
        for (ObjectNode object : c.cluster()) {
            create(setup, object);
        }
        if (c.old() != null) {
            create(setup, c.old());
        }
        awaitCached(c);
        // What check --cluster says before the write is what the API server then answers.
        CheckVerdict check = checkAgainstTheCluster(c.daemonSet());
        assertEquals(c.denied(), check.denied(), "check --cluster denies as the webhook does:\n" + check.report());
        assertEquals(c.warned(), check.warned(), "check --cluster warns as the webhook does:\n" + check.report());
        ApiCalls calls = new ApiCalls(admin);
        String namespace = c.daemonSet().at("/metadata/namespace").asText();
        ApiCalls.Answer answer = c.old() == null
                ? calls.create(namespace, c.daemonSet(), false)
                : calls.update(namespace, c.daemonSet().at("/metadata/name").asText(), c.daemonSet(), false);
        if (answer.accepted() && c.old() == null) {
            created.add(c.daemonSet());
        }
        assertEquals(c.denied().isEmpty(), answer.accepted(), answer::toString);
        if (!c.denied().isEmpty()) {
            assertEquals(422, answer.code());
            assertEquals(
                    "admission webhook \"validate.daemonsets.dswebhook.dev\" denied the request: "
                            + c.expectedMessage(),
                    answer.message());
            assertEquals(
                    c.denied().stream().map(Case.ExpectedViolation::message).toList(), answer.causes());
        }
        assertEquals(c.warnings(), warnings(answer.warnings()), "the warnings the user sees");
    }

    @Test
    @DisplayName("kubectl prints a family overlap as a Warning: line and applies the DaemonSet")
    void kubectlPrintsTheFamilyWarning() {
        ClusterCase c = ClusterCases.named(
                "two DaemonSets of one daemon on overlapping Nodes warn, naming the other and a Node");
        for (ObjectNode object : c.cluster()) {
            create(setup, object);
        }
        awaitCached(c);
        created.add(c.daemonSet());
        Kubectl.Run run = controlPlane.kubectl().withInput(c.daemonSet().toString(), "create", "-f", "-");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(
                run.stderr().contains("Warning: " + c.warnings().get(0) + "\n"),
                "kubectl shows the warning, the Node the two would share included:\n" + run.stderr());
    }

    @Test
    @DisplayName("kubectl prints a selector overlap as the README shows it")
    void kubectlPrintsTheDenial() {
        ClusterCase c =
                ClusterCases.named("a DaemonSet selecting the pods of a Deployment is denied, naming the Deployment");
        for (ObjectNode object : c.cluster()) {
            create(setup, object);
        }
        awaitCached(c);
        Kubectl.Run run = controlPlane.kubectl().withInput(c.daemonSet().toString(), "create", "-f", "-");
        assertEquals(1, run.exitCode(), run.stderr());
        // kubectl words an Invalid status with causes itself: the kind, the name, then each cause.
        assertEquals("The DaemonSet \"agent\" is invalid: " + c.denied().get(0).message() + "\n", run.stderr());
    }

    @AfterEach
    void cleanUp() {
        for (JsonNode object : created) {
            resources(admin, object)
                    .withName(object.at("/metadata/name").asText())
                    .delete();
        }
        created.clear();
        Registrations.await("the webhook's caches are empty again", Duration.ofSeconds(20), () -> {
            Map<String, Integer> cached = cached(webhook);
            return cached.values().stream().allMatch(n -> n == 0);
        });
    }

    private void create(KubernetesClient client, ObjectNode object) {
        resources(client, object).resource(generic(object)).create();
        created.add(object);
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
            resources(KubernetesClient client, JsonNode object) {
        var kind = client.genericKubernetesResources(
                object.path("apiVersion").asText(), object.path("kind").asText());
        String namespace = object.at("/metadata/namespace").asText();
        return namespace.isEmpty() ? kind : kind.inNamespace(namespace);
    }

    private static GenericKubernetesResource generic(JsonNode object) {
        try {
            return Fixtures.JSON.treeToValue(object, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the webhook's informers hold what the case created, so that the write meets them. */
    static void awaitCached(ClusterCase c) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>(c.cluster());
        if (c.old() != null) {
            all.add(c.old());
        }
        for (JsonNode object : all) {
            expected.merge(object.path("kind").asText() + "s", 1, Integer::sum);
        }
        Registrations.await("the webhook caches " + expected, Duration.ofSeconds(20), () -> {
            Map<String, Integer> cached = cached(webhook);
            return expected.entrySet().stream().allMatch(e -> e.getValue().equals(cached.getOrDefault(e.getKey(), 0)));
        });
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
        try {
            Path dir = Files.createTempDirectory("check-cluster");
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
        }
    }
}
