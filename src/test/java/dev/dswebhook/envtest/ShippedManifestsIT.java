package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Chart;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -k k8s/}, exactly as the README says, against a real API server: every
 * object is accepted, the pods meet the Pod Security level their namespace enforces, and the
 * registrations as shipped fail closed while no pod serves them.
 */
@DisplayName("The shipped kustomization, applied to a real API server")
class ShippedManifestsIT {

    private static ControlPlane controlPlane;
    private static Kubectl kubectl;
    private static ApiCalls api;
    private static String applied;
    private static Kubectl.Run apply;

    @BeforeAll
    static void apply() {
        controlPlane = ControlPlane.shared();
        kubectl = controlPlane.kubectl();
        api = new ApiCalls(controlPlane.client());
        apply = kubectl.run("apply", "-k", "k8s/");
        applied = apply.ok();
    }

    @AfterAll
    static void removeRegistrations() {
        if (controlPlane != null) {
            Registrations.remove(controlPlane.client());
        }
    }

    @Test
    @DisplayName("every object of the kustomization is created")
    void everyObjectIsCreated() {
        for (String object : List.of(
                "namespace/daemonset-webhook",
                "serviceaccount/daemonset-webhook",
                "clusterrole.rbac.authorization.k8s.io/daemonset-webhook-reader",
                "clusterrolebinding.rbac.authorization.k8s.io/daemonset-webhook-reader",
                "secret/daemonset-webhook-tls",
                "service/daemonset-webhook",
                "deployment.apps/daemonset-webhook",
                "poddisruptionbudget.policy/daemonset-webhook",
                "resourcequota/daemonset-webhook-critical-pods",
                "mutatingwebhookconfiguration.admissionregistration.k8s.io/daemonset-webhook",
                "validatingwebhookconfiguration.admissionregistration.k8s.io/daemonset-webhook")) {
            assertTrue(
                    applied.contains(object + " created")
                            || applied.contains(object + " configured")
                            || applied.contains(object + " unchanged"),
                    object + " in:\n" + applied);
        }
        String rendered = kubectl.kustomize(Path.of("k8s"));
        assertEquals(11, rendered.lines().filter(l -> l.startsWith("kind: ")).count(), rendered);
        assertEquals(
                "deployment.apps/daemonset-webhook\n",
                kubectl.run("-n", "daemonset-webhook", "get", "deployment/daemonset-webhook", "-o", "name")
                        .ok());
    }

    @Test
    @DisplayName("with no pod behind the Service, the validating webhook refuses DaemonSet writes, failing closed")
    void withNoPodTheValidatingWebhookFailsClosed() {
        String namespace = controlPlane.namespace("shipped-judged");
        ApiCalls.Answer[] answer = new ApiCalls.Answer[1];
        String[] name = new String[1];
        int[] attempt = new int[1];
        // Each refusal takes the API server several seconds: it retries a webhook it cannot reach.
        Registrations.await("the shipped registrations are in force", Duration.ofSeconds(60), () -> {
            ObjectNode daemonSet = fluentd(namespace);
            name[0] = "fluentd-" + ++attempt[0];
            ((ObjectNode) daemonSet.path("metadata")).put("name", name[0]);
            return !(answer[0] = api.create(namespace, daemonSet, false)).accepted();
        });
        ApiCalls.Answer refused = answer[0];
        assertTrue(
                refused.message()
                        .startsWith(
                                "Internal error occurred: failed calling webhook \"validate.daemonsets.dswebhook.dev\""),
                refused.message());
        assertEquals(404, api.get(namespace, name[0]).code(), "nothing was stored");
    }

    @Test
    @DisplayName(
            "with no pod behind the Service, kube-system's writes go through (its webhook fails open), and the webhook's own namespace is never sent")
    void kubeSystemFailsOpenAndTheOwnNamespaceIsNeverSent() {
        for (String namespace : List.of("kube-system", "daemonset-webhook")) {
            ApiCalls.Answer created = api.create(namespace, fluentd(namespace), true);
            assertTrue(created.accepted(), namespace + ": " + created);
        }
    }

    @Test
    @DisplayName(
            "the namespace enforces Pod Security restricted, and the Deployment's pods are admitted there without a warning")
    void theDeploymentsPodsMeetPodSecurityRestricted() throws Exception {
        // PodSecurity warns on a Deployment whose pods its namespace's level would refuse.
        assertFalse(apply.stderr().contains("PodSecurity"), apply.stderr());
        JsonNode namespace = Fixtures.JSON.readTree(
                kubectl.run("get", "namespace/daemonset-webhook", "-o", "json").ok());
        assertEquals(
                "restricted",
                namespace
                        .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                        .asText());
        JsonNode deployment = Fixtures.JSON.readTree(
                kubectl.run("-n", "daemonset-webhook", "get", "deployment/daemonset-webhook", "-o", "json")
                        .ok());
        ObjectNode pod = Fixtures.JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        pod.set("metadata", deployment.at("/spec/template/metadata").deepCopy());
        ((ObjectNode) pod.path("metadata")).put("name", "daemonset-webhook-pod-security");
        pod.set("spec", deployment.at("/spec/template/spec").deepCopy());
        Kubectl.Run admitted =
                kubectl.withInput(pod.toString(), "-n", "daemonset-webhook", "create", "--dry-run=server", "-f", "-");
        assertEquals(0, admitted.exitCode(), admitted.stderr());
        assertEquals("", admitted.stderr(), "no Pod Security warning");

        // The same pod, allowed to escalate privileges, is refused: the namespace does enforce.
        ((ObjectNode) pod.at("/spec/containers/0/securityContext")).put("allowPrivilegeEscalation", true);
        Kubectl.Run refused =
                kubectl.withInput(pod.toString(), "-n", "daemonset-webhook", "create", "--dry-run=server", "-f", "-");
        assertTrue(refused.exitCode() != 0, refused.stdout());
        assertTrue(
                refused.stderr()
                        .contains("violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"),
                refused.stderr());
    }

    @Test
    @DisplayName(
            "the cert-manager variants, the kustomization's and the chart's, are accepted by cert-manager's own schemas, unknown fields refused")
    void theCertManagerVariantsMeetCertManagersSchemas() {
        Crds.certManager(kubectl);
        List<String> certManagerObjects = List.of(
                "issuer.cert-manager.io/daemonset-webhook-selfsigned",
                "certificate.cert-manager.io/daemonset-webhook-ca",
                "issuer.cert-manager.io/daemonset-webhook-ca",
                "certificate.cert-manager.io/daemonset-webhook-serving");
        // kubectl asks for strict field validation: a misspelt or misplaced field is an error, not dropped.
        Kubectl.Run kustomized = kubectl.run("apply", "-k", "k8s/cert-manager/", "--dry-run=server");
        assertEquals(0, kustomized.exitCode(), kustomized.stderr() + kustomized.stdout());
        assertEquals("", kustomized.stderr());
        for (String object : certManagerObjects) {
            assertTrue(kustomized.stdout().contains(object + " created (server dry run)"), kustomized.stdout());
        }

        Manifests chart = Chart.render(Map.of("certificates.source", "cert-manager"));
        ObjectNode list =
                Fixtures.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        // Only cert-manager's kinds: the chart's Deployment selects by one more label than the
        // kustomization's, already applied here, and a Deployment's selector is immutable.
        list.putArray("items")
                .addAll(chart.all().stream()
                        .filter(o -> o.path("apiVersion").asText().startsWith("cert-manager.io/"))
                        .toList());
        Kubectl.Run charted = kubectl.withInput(list.toString(), "apply", "--dry-run=server", "-f", "-");
        assertEquals(0, charted.exitCode(), charted.stderr() + charted.stdout());
        assertEquals("", charted.stderr());
        for (String object : certManagerObjects) {
            assertTrue(charted.stdout().contains(object + " created (server dry run)"), charted.stdout());
        }

        ObjectNode misspelt = (ObjectNode)
                chart.find("Certificate", "daemonset-webhook-serving").orElseThrow();
        // A field cert-manager does not have is refused, so the two acceptances above mean something.
        ((ObjectNode) misspelt.at("/spec/privateKey")).put("rotation", "Always");
        Kubectl.Run refused = kubectl.withInput(misspelt.toString(), "apply", "--dry-run=server", "-f", "-");
        assertTrue(refused.exitCode() != 0, refused.stdout());
        assertTrue(refused.stderr().contains("unknown field \"spec.privateKey.rotation\""), refused.stderr());
    }

    static ObjectNode fluentd(String namespace) {
        ObjectNode daemonSet = (ObjectNode) Fixtures.yaml("objects/fluentd.yaml");
        ((ObjectNode) daemonSet.path("metadata")).put("namespace", namespace);
        return daemonSet;
    }
}
