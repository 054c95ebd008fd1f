package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.http.WebhookRoutes;
import dev.dswebhook.policy.ClusterKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The API server's refusals of one kind, as an edited ClusterRole or a restricted distribution
 * makes them: the webhook skips the rules that read that kind and only those, says so in the reply,
 * the audit annotation, the decision log and a metric, does not hold up readiness for it, and picks
 * the kind up by itself once it may list it.
 *
 * <p>The webhook runs as a user of its own ({@code kubernetes.impersonate.username}, which the
 * control plane's admin may impersonate), bound to a ClusterRole made from {@link ClusterKind}: the
 * shipped one, less one kind.
 */
@DisplayName("When the API server refuses one kind the webhook watches")
class InformerFailuresIT {

    static final String USER = "informer-failures";
    static final String ROLE = "dswebhook-informer-failures";

    @Test
    @DisplayName(
            "a kind it may not list skips only the rules that read it, does not hold up readiness, and is picked up"
                    + " once it may")
    void aForbiddenKindSkipsOnlyItsRules() throws Exception {
        ControlPlane plane = ControlPlane.shared();
        String namespace = plane.namespace("informer-failures");
        Scheduling.register(
                plane.client(), ClusterCases.manifest(Fixtures.yamlValue("{kind: Node, name: informer-failures-1}")));
        grant(plane, ClusterKind.REPLICA_SET);

        long start = System.nanoTime();
        try (PackagedWebhook webhook = ClusterRulesIT.watching(plane)
                .setting("kubernetes.impersonate.username", USER)
                // Far longer than the test waits: readiness must not wait for it.
                .setting("webhook.cluster.sync-timeout", "10m")
                .start()) {
            long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf(
                    "ready %d ms after launch, with ReplicaSets forbidden and a 10 min sync-timeout%n", readyMillis);
            String health = webhook.management("/q/health/ready").body();
            assertTrue(health.contains("ReplicaSets not listed yet (forbidden)"), health);

            JsonNode response = validate(webhook, namespace, "forbidden-1");
            List<String> warnings = texts(response.path("warnings"));
            String skipped = "selector-overlap, host-port-conflict skipped: ReplicaSets not listed yet (forbidden)";
            assertEquals(
                    skipped,
                    response.at("/auditAnnotations/cluster-rules-skipped").asText(),
                    response::toString);
            assertTrue(warnings.contains(skipped), warnings::toString);
            assertTrue(
                    warnings.stream().anyMatch(w -> w.startsWith("node-coverage: runs on no Node")),
                    "node-coverage reads Nodes only, and still runs: " + warnings);
            JsonNode decision = webhook.awaitDecisions(
                            d -> d.path("uid").asText().equals("forbidden-1"), 1)
                    .get(0);
            assertEquals(skipped, decision.path("clusterRulesSkipped").asText(), decision::toString);
            String metrics = webhook.management("/q/metrics").body();
            assertEquals(
                    1.0,
                    Management.sample(
                            metrics, "daemonset_webhook_cluster_rules_skipped_total", "rule=\"selector-overlap\""));
            assertEquals(
                    0.0,
                    Management.sample(
                            metrics, "daemonset_webhook_cluster_rules_skipped_total", "rule=\"node-coverage\""));

            grant(plane);
            long granted = System.nanoTime();
            List<String> after = new ArrayList<>();
            Registrations.await("the webhook lists ReplicaSets once it may", Duration.ofSeconds(90), () -> {
                JsonNode again;
                try {
                    again = validate(webhook, namespace, "granted-" + System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                after.clear();
                after.addAll(texts(again.path("warnings")));
                return again.at("/auditAnnotations/cluster-rules-skipped").isMissingNode();
            });
            System.out.printf(
                    "every rule runs again %d ms after ReplicaSets were granted%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - granted));
            assertTrue(after.stream().noneMatch(w -> w.contains("skipped")), after::toString);
        }
    }

    /** Binds the webhook's user to the shipped ClusterRole's grants, less those of {@code withheld}. */
    static void grant(ControlPlane plane, ClusterKind... withheld) {
        List<ClusterKind> denied = List.of(withheld);
        StringBuilder yaml = new StringBuilder("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n")
                .append("metadata: {name: ")
                .append(ROLE)
                .append("}\nrules:\n");
        for (ClusterKind kind : ClusterKind.values()) {
            if (denied.contains(kind)) {
                continue;
            }
            yaml.append("- apiGroups: [\"")
                    .append(kind.group())
                    .append("\"]\n  resources: [")
                    .append(kind.resource())
                    .append("]\n  verbs: [")
                    .append(kind.access() == ClusterKind.Access.WATCHED ? "list, watch" : "list")
                    .append("]\n");
        }
        yaml.append("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n")
                .append("metadata: {name: ")
                .append(ROLE)
                .append("}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ")
                .append(ROLE)
                .append("}\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ")
                .append(USER)
                .append("}]\n");
        plane.kubectl().withInput(yaml.toString(), "apply", "-f", "-").ok();
    }

    /** The webhook's reply to a create of a DaemonSet whose Node selection matches no Node. */
    static JsonNode validate(PackagedWebhook webhook, String namespace, String uid) throws Exception {
        ObjectNode daemonSet = ClusterCases.manifest(
                Fixtures.yamlValue("{name: agent, namespace: " + namespace + ", nodeSelector: {pool: nowhere}}"));
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "DaemonSet");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "daemonsets");
        request.put("name", "agent").put("namespace", namespace).put("operation", "CREATE");
        request.putObject("userInfo").put("username", "kubernetes-admin");
        request.set("object", daemonSet);
        return Fixtures.JSON
                .readTree(webhook.post(
                                webhook.client(), WebhookRoutes.VALIDATE_PATH, Fixtures.JSON.writeValueAsBytes(review))
                        .body())
                .path("response");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
