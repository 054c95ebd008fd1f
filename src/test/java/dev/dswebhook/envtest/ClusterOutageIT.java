package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What happens when the webhook cannot see the cluster, or cannot be reached: never an outage.
 *
 * <p>Writes go to the tier's shared control plane; the webhook's informers watch a second one,
 * which the test then stops, as an API server the webhook loses would be. The cluster-aware rules
 * are then skipped with a warning, and the object's own rules still apply. Last, the webhook
 * itself is stopped: kube-system's writes go through (its registration fails open), and writes
 * elsewhere are refused (theirs fails closed).
 */
@DisplayName("When the webhook loses sight of the cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOutageIT {

    static final String BLIND = "not checked against the rest of the cluster: ";

    private static ControlPlane writes;
    private static ControlPlane watched;
    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        writes = ControlPlane.shared();
        watched = ControlPlane.start();
        webhook = ClusterRulesIT.watching(watched)
                .setting("webhook.cluster.stale-after", "2s")
                .start();
        writes.namespace("apps");
        Registrations.apply(writes.kubectl(), Registrations.localUrl(writes.kubectl(), webhook));
        // One Ready Node that both DaemonSets would run on, so that their conflict is certain.
        Scheduling.register(
                watched.client(), ClusterCases.manifest(Fixtures.yamlValue("{kind: Node, name: worker-1}")));
        watched.namespace("monitoring");
        ObjectNode exporter = exporter("monitoring", "node-exporter");
        watched.client()
                .genericKubernetesResources("apps/v1", "DaemonSet")
                .inNamespace("monitoring")
                .resource(generic(exporter))
                .create();
        Registrations.await(
                "the webhook caches the watched cluster's DaemonSet",
                Duration.ofSeconds(20),
                () -> ClusterRulesIT.cached(webhook).getOrDefault("DaemonSets", 0) == 1);
        Registrations.await(
                "the webhook is called",
                Duration.ofSeconds(15),
                () -> !new ApiCalls(writes.client())
                        .create("apps", exporter("apps", "probe"), true)
                        .accepted());
    }

    @AfterAll
    static void stop() {
        if (writes != null) {
            Registrations.remove(writes.client());
        }
        if (webhook != null) {
            webhook.close();
        }
        if (watched != null) {
            watched.close();
        }
    }

    static ObjectNode exporter(String namespace, String name) {
        return ClusterCases.manifest(Fixtures.JSON
                .createObjectNode()
                .put("name", name)
                .put("namespace", namespace)
                .set(
                        "ports",
                        Fixtures.JSON
                                .createArrayNode()
                                .add(Fixtures.JSON
                                        .createObjectNode()
                                        .put("containerPort", 9100)
                                        .put("hostPort", 9100))));
    }

    static GenericKubernetesResource generic(JsonNode object) {
        try {
            return Fixtures.JSON.treeToValue(object, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    @DisplayName("while it watches, a host port the watched cluster's DaemonSet takes is refused")
    void whileWatchingAConflictIsRefused() {
        ApiCalls.Answer answer = new ApiCalls(writes.client()).create("apps", exporter("apps", "exporter"), true);
        assertFalse(answer.accepted(), answer::toString);
        assertTrue(answer.message().contains("DaemonSet \"monitoring/node-exporter\""), answer.message());
    }

    @Test
    @Order(2)
    @DisplayName("once the watched API server is gone, writes are judged by the object's rules alone, with a warning")
    void withoutTheClusterWritesAreNotBlocked() throws Exception {
        watched.close();
        ApiCalls calls = new ApiCalls(writes.client());
        List<String> warnings = new ArrayList<>();
        Registrations.await("the webhook says it no longer sees the cluster", Duration.ofSeconds(60), () -> {
            ApiCalls.Answer answer = calls.create("apps", exporter("apps", "exporter"), true);
            warnings.clear();
            warnings.addAll(ClusterRulesIT.warnings(answer.warnings()));
            return answer.accepted();
        });
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith(BLIND), warnings.get(0));
        assertTrue(warnings.get(0).contains("not watched for"), warnings.get(0));

        ApiCalls.Answer real = calls.create("apps", exporter("apps", "exporter"), false);
        assertTrue(real.accepted(), "the cluster-aware rules do not block the write: " + real);
        List<JsonNode> decisions = webhook.awaitDecisions(
                d -> d.path("name").asText().equals("exporter")
                        && d.path("webhook").asText().equals("validate")
                        && !d.path("dryRun").asBoolean(),
                1);
        assertTrue(
                decisions.get(decisions.size() - 1).path("clusterRulesSkipped").isTextual(),
                "the decision log says why: " + decisions);

        Case broken = Cases.named("every violation is reported at once, each at its field");
        HttpResponse<byte[]> reply = webhook.post(
                webhook.client(),
                "/validate-apps-v1-daemonset",
                Fixtures.JSON.writeValueAsBytes(broken.review("admission.k8s.io/v1", "outage-1")));
        JsonNode response = Fixtures.JSON.readTree(reply.body()).path("response");
        assertFalse(response.path("allowed").asBoolean(), "the object's own rules still deny: " + response);
        assertEquals(broken.expectedMessage(), response.at("/status/message").asText());

        String metrics = webhook.management("/q/metrics").body();
        assertTrue(
                metrics.lines()
                        .anyMatch(l ->
                                l.startsWith("daemonset_webhook_cluster_rules_skipped_total") && !l.endsWith(" 0.0")),
                "skips are counted");
        assertEquals(200, webhook.management("/q/health/ready").statusCode(), "the pod stays ready and serving");
    }

    @Test
    @Order(3)
    @DisplayName("a webhook that cannot list the cluster becomes ready once the wait for the first lists is over")
    void readinessWaitsForTheFirstListsBoundedly() throws Exception {
        // The watched API server is gone, so this webhook can never list it.
        try (PackagedWebhook blind = ClusterRulesIT.watching(watched)
                .setting("webhook.cluster.sync-timeout", "3s")
                .launch()) {
            int first = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (first == 0 && System.nanoTime() < deadline) {
                try {
                    first = blind.management("/q/health/ready").statusCode();
                } catch (RuntimeException notListeningYet) {
                    PackagedWebhook.sleep(50);
                }
            }
            assertEquals(503, first, "not ready while the first lists may still come");
            blind.awaitReady();
            String health = blind.management("/q/health/ready").body();
            assertTrue(health.contains("not listed yet"), health);
            Case c = Cases.named("every violation is reported at once, each at its field");
            JsonNode response = Fixtures.JSON
                    .readTree(blind.post(
                                    blind.client(),
                                    "/validate-apps-v1-daemonset",
                                    Fixtures.JSON.writeValueAsBytes(c.review("admission.k8s.io/v1", "outage-2")))
                            .body())
                    .path("response");
            assertFalse(response.path("allowed").asBoolean());
            assertTrue(
                    response.path("warnings").toString().contains(BLIND + "DaemonSets not listed yet"),
                    response.toString());
        }
    }

    @Test
    @Order(4)
    @DisplayName("with the webhook down, kube-system's writes go through and the others are refused")
    void withTheWebhookDownOnlyKubeSystemWritesGoThrough() {
        webhook.stop();
        ApiCalls calls = new ApiCalls(writes.client());
        ApiCalls.Answer system = calls.create("kube-system", exporter("kube-system", "cni-fix"), true);
        assertTrue(system.accepted(), "the registration for kube-system fails open: " + system);
        ApiCalls.Answer elsewhere = calls.create("apps", exporter("apps", "other"), true);
        assertFalse(elsewhere.accepted(), "the registration for the rest fails closed: " + elsewhere);
        assertTrue(elsewhere.message().contains("failed calling webhook"), elsewhere.message());
    }
}
