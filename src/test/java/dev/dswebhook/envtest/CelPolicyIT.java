package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import dev.dswebhook.policy.Rule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ValidatingAdmissionPolicy of {@code k8s/cel/} in a real API server, with no webhook
 * registered: every shared case the API server can be sent ends as the webhook judges it, and
 * host-port-surge's denials carry the webhook's field and words. The binding is narrowed to this
 * test's namespaces, so the other tests of the shared API server never meet the policy.
 */
@DisplayName("The CEL policy for clusters without the webhook, in a real API server")
class CelPolicyIT {

    private static final String LABEL = "dswebhook.dev/cel-policy-test";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static ControlPlane controlPlane;
    private static Kubectl kubectl;
    private static ApiCalls api;

    @BeforeAll
    static void apply() {
        controlPlane = ControlPlane.shared();
        kubectl = controlPlane.kubectl();
        api = new ApiCalls(controlPlane.client());
        Manifests cel = Manifests.ofYaml(kubectl.kustomize(Path.of("k8s", "cel")));
        ObjectNode binding =
                (ObjectNode) cel.one("ValidatingAdmissionPolicyBinding").deepCopy();
        ObjectNode selector =
                ((ObjectNode) binding.path("spec")).putObject("matchResources").putObject("namespaceSelector");
        selector.putObject("matchLabels").put(LABEL, "true");
        kubectl.withInput(cel.one("ValidatingAdmissionPolicy").toString(), "apply", "-f", "-")
                .ok();
        kubectl.withInput(binding.toString(), "apply", "-f", "-").ok();
        String namespace = namespace();
        ObjectNode surging = surging(namespace);
        Registrations.await(
                "the policy is in force",
                Duration.ofSeconds(60),
                () -> !api.create(namespace, surging, true).accepted());
    }

    @AfterAll
    static void remove() {
        if (kubectl != null) {
            kubectl.run("delete", "-k", "k8s/cel", "--ignore-not-found").ok();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.Cases#all")
    void theCaseEndsAsTheWebhookJudgesIt(Case c) {
        boolean daemonSet = c.kind().path("group").asText().equals("apps")
                && c.kind().path("kind").asText().equals("DaemonSet")
                && c.subResource().isEmpty();
        assumeTrue(
                daemonSet && (c.operation().equals("CREATE") || c.operation().equals("UPDATE")),
                "the policy matches DaemonSet creates and updates only");
        assumeTrue(
                c.object() != null && (c.operation().equals("CREATE") || c.oldObject() != null),
                "an API server always sends the object, and the old object on UPDATE");
        assumeTrue(c.expect().code() != 400, "the API server cannot decode it, so no policy sees it");
        assumeTrue(
                c.object().at("/spec/template/spec/containers").size() > 0,
                "the API server refuses a pod template without containers itself");
        String namespace = namespace();
        ApiCalls.Answer answer;
        if (c.operation().equals("UPDATE")) {
            ApiCalls.Answer stored = api.create(namespace, FixtureCasesIT.inNamespace(c.oldObject(), namespace), false);
            assumeTrue(stored.accepted(), "the old object breaks the API server's own rules: " + stored.message());
            String name = c.object().at("/metadata/name").asText();
            answer = api.update(namespace, name, FixtureCasesIT.inNamespace(c.object(), namespace), true);
        } else {
            answer = api.create(namespace, FixtureCasesIT.inNamespace(c.object(), namespace), true);
        }
        assertEquals(c.expect().allowed(), answer.accepted(), answer::toString);
        boolean surgeDenied =
                c.expect().violations().stream().anyMatch(v -> v.rule().equals(Rule.HOST_PORT_SURGE.id()));
        if (surgeDenied) {
            String expected = c.expect().violations().stream()
                    .filter(v -> v.rule().equals(Rule.HOST_PORT_SURGE.id()))
                    .findFirst()
                    .orElseThrow()
                    .message();
            assertTrue(
                    answer.message().contains("ValidatingAdmissionPolicy 'daemonset-host-port-surge'"),
                    answer.message());
            // The webhook names the field the same way; its port detail may list more ports.
            assertTrue(
                    answer.message().contains(expected.substring(0, expected.indexOf("host port"))), answer.message());
        }
    }

    private static String namespace() {
        String name = "cel-" + NAMESPACES.incrementAndGet();
        controlPlane.namespace(name);
        kubectl.run("label", "namespace", name, LABEL + "=true", "--overwrite").ok();
        return name;
    }

    private static ObjectNode surging(String namespace) {
        ObjectNode daemonSet = FixtureCasesIT.inNamespace(ShippedManifestsIT.fluentd(namespace), namespace);
        ((ObjectNode) daemonSet.path("metadata")).put("name", "surging");
        ObjectNode spec = (ObjectNode) daemonSet.path("spec");
        spec.putObject("updateStrategy")
                .put("type", "RollingUpdate")
                .putObject("rollingUpdate")
                .put("maxSurge", 1)
                .put("maxUnavailable", 0);
        ObjectNode port =
                Fixtures.JSON.createObjectNode().put("containerPort", 24224).put("hostPort", 24224);
        JsonNode container = spec.at("/template/spec/containers/0");
        ((ObjectNode) container).putArray("ports").add(port);
        return daemonSet;
    }
}
