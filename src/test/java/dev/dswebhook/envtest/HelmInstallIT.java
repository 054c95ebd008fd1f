package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.dswebhook.fixtures.Chart;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} of the chart into a real API server, by Helm's own library: every object is
 * created, and the registrations it makes, pointed at the packaged server on loopback
 * ({@code registrations.url}), call it with the certificate Helm generated.
 */
@DisplayName("The Helm chart, installed into a real API server")
class HelmInstallIT {

    private static final String RELEASE = "dsw";
    private static final String NAMESPACE = "helm-install";
    private static final String FULLNAME = "dsw-daemonset-webhook";
    private static final String JUDGED = "helm-judged";

    private static ControlPlane controlPlane;
    private static KubernetesClient client;
    private static PackagedWebhook webhook;
    private static Release release;

    @BeforeAll
    static void install() throws IOException {
        controlPlane = ControlPlane.shared();
        client = controlPlane.client();
        controlPlane.namespace(JUDGED);
        Crds.prometheusOperator(controlPlane.kubectl());
        // The server starts on the repository's certificate, and serves Helm's once the chart made it.
        Path tls = Files.createTempDirectory(Path.of("target"), "helm-tls-");
        Files.copy(Path.of("certs", "tls.crt"), tls.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("certs", "tls.key"), tls.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        webhook = PackagedWebhook.start(Map.of(
                "quarkus.tls.webhook.key-store.pem.0.cert",
                        tls.resolve("tls.crt").toAbsolutePath().toString(),
                "quarkus.tls.webhook.key-store.pem.0.key",
                        tls.resolve("tls.key").toAbsolutePath().toString()));
        release = new Helm(Chart.DIR)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .createNamespace()
                .set("createNamespace", false)
                .set("registrations.url", webhook.baseUrl())
                .set("monitoring.serviceMonitor.enabled", true)
                .set("monitoring.prometheusRule.enabled", true)
                .set("monitoring.dashboard.enabled", true)
                .set("networkPolicy.enabled", true)
                .withKubeConfig(controlPlane.kubeconfig().toAbsolutePath())
                .call();
        Secret secret = client.secrets()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME + "-tls")
                .get();
        assertNotNull(secret, "the chart made the serving certificate's Secret");
        for (String file : List.of("tls.crt", "tls.key")) {
            Files.write(
                    tls.resolve(file),
                    Base64.getDecoder().decode(secret.getData().get(file)));
        }
        webhook.restart();
    }

    @AfterAll
    static void uninstall() {
        if (release != null) {
            Helm.uninstall(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeConfig(controlPlane.kubeconfig().toAbsolutePath())
                    .call();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @DisplayName("the release is deployed with every object of the chart, its monitoring and NetworkPolicy included")
    void theReleaseIsDeployedWithEveryObject() {
        assertEquals("deployed", release.getStatus());
        assertNotNull(client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME)
                .get());
        assertNotNull(
                client.services().inNamespace(NAMESPACE).withName(FULLNAME).get());
        assertNotNull(client.serviceAccounts()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME)
                .get());
        assertNotNull(client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME)
                .get());
        assertNotNull(client.resourceQuotas()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME + "-critical-pods")
                .get());
        assertNotNull(
                client.rbac().clusterRoles().withName(FULLNAME + "-reader").get());
        assertNotNull(client.rbac()
                .clusterRoleBindings()
                .withName(FULLNAME + "-reader")
                .get());
        assertNotNull(client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(FULLNAME)
                .get());
        assertNotNull(client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(FULLNAME)
                .get());
        assertNotNull(client.configMaps()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME + "-dashboard")
                .get());
        assertNotNull(client.network()
                .networkPolicies()
                .inNamespace(NAMESPACE)
                .withName(FULLNAME)
                .get());
        // The monitoring kinds exist only where prometheus-operator's definitions are installed.
        for (String kind : List.of("servicemonitor", "prometheusrule")) {
            assertEquals(
                    kind + ".monitoring.coreos.com/" + FULLNAME + "\n",
                    controlPlane
                            .kubectl()
                            .run("-n", NAMESPACE, "get", kind, FULLNAME, "-o", "name")
                            .ok());
        }
    }

    @Test
    @DisplayName(
            "a DaemonSet written through the API server is judged by both registered webhooks, over Helm's certificate")
    void aDaemonSetIsJudgedByBothRegisteredWebhooks() {
        ObjectNode daemonSet = ShippedManifestsIT.fluentd(JUDGED);
        ((ObjectNode) daemonSet.path("metadata")).put("name", "fluentd-helm");
        ApiCalls api = new ApiCalls(client);
        // A registration takes effect in the API server's admission chain within a second or so.
        Registrations.await("the chart's registrations call the webhook", Duration.ofSeconds(30), () -> {
            api.create(JUDGED, daemonSet, true);
            return !webhook.decisionsAbout(JUDGED, "fluentd-helm", "validate").isEmpty();
        });
        ApiCalls.Answer created = api.create(JUDGED, daemonSet, false);
        assertEquals(201, created.code(), created.toString());
        // The decision log is flushed a few milliseconds after each reply, so the real write's lines are awaited.
        for (String which : List.of("mutate", "validate")) {
            List<JsonNode> decided = webhook.awaitDecisions(
                    d -> d.path("webhook").asText().equals(which)
                            && d.path("namespace").asText().equals(JUDGED)
                            && d.path("name").asText().equals("fluentd-helm")
                            && !d.path("dryRun").asBoolean(),
                    1);
            assertTrue(!decided.isEmpty(), which + ": " + webhook.decisions());
            assertTrue(
                    decided.stream().allMatch(d -> d.path("verdict").asText().equals("allowed")), decided.toString());
        }
    }

    @Test
    @DisplayName("the webhook's own namespace, the release's, is never sent to it")
    void theReleasesNamespaceIsNeverSent() {
        ObjectNode daemonSet = ShippedManifestsIT.fluentd(NAMESPACE);
        ((ObjectNode) daemonSet.path("metadata")).put("name", "fluentd-own");
        assertTrue(new ApiCalls(client).create(NAMESPACE, daemonSet, true).accepted());
        ObjectNode probe = ShippedManifestsIT.fluentd(JUDGED);
        ((ObjectNode) probe.path("metadata")).put("name", "fluentd-after-own");
        // A write sent afterwards is logged after it; once that one is, the first would be too.
        Registrations.await("a later write is judged", Duration.ofSeconds(30), () -> {
            new ApiCalls(client).create(JUDGED, probe, true);
            return !webhook.decisionsAbout(JUDGED, "fluentd-after-own", "validate")
                    .isEmpty();
        });
        assertEquals(List.of(), webhook.decisionsAbout(NAMESPACE, "fluentd-own", "validate"));
        assertNull(client.apps()
                .daemonSets()
                .inNamespace(NAMESPACE)
                .withName("fluentd-own")
                .get());
    }
}
