package dev.dswebhook.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health, metrics, the decision log and audit annotations, observed after real HTTPS requests. */
@QuarkusTest
@Tag("quarkus")
@DisplayName("Operating the webhook")
class ObservabilityTest {

    static final Path LOG = Path.of("target", "test-logs", "decisions.log");
    static final Case DENIED = Cases.named("every violation is reported at once, each at its field");
    static final Case DEFAULTED =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");
    static final String SECRET = "s3cr3t-token-value";

    @Test
    @DisplayName("readiness is up once the TLS material is loaded, and says which certificate serves")
    void readinessReportsTheServingCertificate() throws Exception {
        HttpResponse<String> ready = Management.get("/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode body = Fixtures.JSON.readTree(ready.body());
        assertEquals("UP", body.path("status").asText());
        JsonNode tls = null;
        for (JsonNode check : body.path("checks")) {
            tls = "tls".equals(check.path("name").asText()) ? check : tls;
        }
        assertTrue(tls != null, "a check named tls: " + body);
        assertEquals("UP", tls.path("status").asText());
        assertEquals(
                "CN=daemonset-webhook.daemonset-webhook.svc",
                tls.at("/data/subject").asText());
        assertEquals(200, Management.get("/q/health/live").statusCode());
        assertEquals(200, Management.get("/q/health/started").statusCode());
    }

    @Test
    @DisplayName("requests, violations, patches and latency are counted with bounded labels")
    void metricsCountRealRequests() throws Exception {
        String before = Management.metrics();
        for (int i = 0; i < 3; i++) {
            post(
                    WebhookRoutes.VALIDATE_PATH,
                    DENIED.review("admission.k8s.io/v1", UUID.randomUUID().toString()));
        }
        post(
                WebhookRoutes.VALIDATE_PATH,
                DEFAULTED.review("admission.k8s.io/v1", UUID.randomUUID().toString()));
        post(
                WebhookRoutes.MUTATE_PATH,
                DEFAULTED.review("admission.k8s.io/v1beta1", UUID.randomUUID().toString()));
        WebhookServer.https()
                .contentType("application/json")
                .body("{not json")
                .post(WebhookRoutes.VALIDATE_PATH)
                .then()
                .statusCode(400);
        WebhookServer.https()
                .contentType("text/plain")
                .body("{}")
                .post(WebhookRoutes.MUTATE_PATH)
                .then()
                .statusCode(415);
        String after = Management.metrics();

        assertDelta(
                3,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"200\",operation=\"CREATE\",outcome=\"denied\",webhook=\"validate\"");
        assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"200\",operation=\"CREATE\",outcome=\"allowed\",webhook=\"validate\"");
        assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"200\",operation=\"CREATE\",outcome=\"allowed\",webhook=\"mutate\"");
        assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"400\",operation=\"unknown\",outcome=\"error\",webhook=\"validate\"");
        assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"415\",operation=\"unknown\",outcome=\"error\",webhook=\"mutate\"");
        assertDelta(
                3,
                before,
                after,
                "daemonset_webhook_violations_total",
                "enforcement=\"deny\",rule=\"selector-mismatch\"");
        assertDelta(
                3, before, after, "daemonset_webhook_violations_total", "enforcement=\"deny\",rule=\"restart-policy\"");
        assertDelta(1, before, after, "daemonset_webhook_patches_total", "");
        assertDelta(5, before, after, "daemonset_webhook_latency_seconds_count", "webhook=\"validate\"");
        assertDelta(2, before, after, "daemonset_webhook_latency_seconds_count", "webhook=\"mutate\"");
        assertEquals(0, Management.sample(after, "daemonset_webhook_requests_in_flight", "webhook=\"validate\""));
        double expiry = Management.sample(after, "daemonset_webhook_certificate_expiry_timestamp_seconds", "");
        assertTrue(expiry > Instant.now().getEpochSecond(), "the serving certificate's expiry: " + expiry);
        assertTrue(after.contains("daemonset_webhook_certificate_reloads_total{result=\"failure\"}"));

        for (String line : after.split("\n")) {
            if (line.startsWith("daemonset_webhook")) {
                assertFalse(
                        line.contains("kube-logging") || line.contains("fluentd") || line.contains("kubernetes-admin"),
                        "no namespace, object or user names as labels: " + line);
            }
        }
    }

    @Test
    @DisplayName("each decision is one JSON line with who, what, the verdict, the rules and fields, and no object body")
    void eachDecisionIsOneParseableJsonLine() throws Exception {
        String uid = UUID.randomUUID().toString();
        ObjectNode review = DENIED.review("admission.k8s.io/v1beta1", uid);
        ObjectNode container = (ObjectNode) review.at("/request/object/spec/template/spec/containers/0");
        container.putArray("env").addObject().put("name", "TOKEN").put("value", SECRET);
        post(WebhookRoutes.VALIDATE_PATH, review);

        List<JsonNode> lines = decisionLines(uid);
        assertEquals(1, lines.size(), "one line per decision");
        JsonNode line = lines.get(0);
        assertEquals("dev.dswebhook.decision", line.path("loggerName").asText());
        assertEquals("INFO", line.path("level").asText());
        assertFalse(line.path("timestamp").asText().isEmpty());
        assertEquals("validate", line.path("webhook").asText());
        assertEquals("denied", line.path("verdict").asText());
        assertEquals(200, line.path("code").asInt());
        assertEquals("CREATE", line.path("operation").asText());
        assertEquals("admission.k8s.io/v1beta1", line.path("reviewVersion").asText());
        assertFalse(line.path("dryRun").asBoolean(true));
        assertEquals("kubernetes-admin", line.path("user").asText());
        assertEquals(
                "[\"system:masters\",\"system:authenticated\"]",
                line.path("groups").toString());
        assertEquals("kube-logging", line.path("namespace").asText());
        assertEquals("fluentd-elasticsearch", line.path("name").asText());
        assertEquals(
                "[{\"rule\":\"selector-mismatch\",\"field\":\"spec.template.metadata.labels\"},"
                        + "{\"rule\":\"restart-policy\",\"field\":\"spec.template.spec.restartPolicy\"}]",
                line.path("violations").toString());
        assertFalse(line.path("patched").asBoolean(true));
        assertTrue(line.path("latencyMs").asDouble() > 0);
        assertTrue(line.path("message").asText().contains("`selector` does not match template `labels`"));
        assertFalse(line.toString().contains(SECRET), "the object body, env values included, is never logged");
        assertFalse(line.toString().contains("quay.io/fluentd_elasticsearch"), "the object body is never logged");
    }

    @Test
    @DisplayName("the reply carries audit annotations the API server records")
    void theReplyCarriesAuditAnnotations() throws Exception {
        JsonNode denied = post(WebhookRoutes.VALIDATE_PATH, DENIED.review("admission.k8s.io/v1", "audit-1"))
                .path("response");
        assertEquals("denied", denied.at("/auditAnnotations/decision").asText());
        assertEquals(
                "selector-mismatch=spec.template.metadata.labels,restart-policy=spec.template.spec.restartPolicy",
                denied.at("/auditAnnotations/denied").asText());
        JsonNode patched = post(WebhookRoutes.MUTATE_PATH, DEFAULTED.review("admission.k8s.io/v1", "audit-2"))
                .path("response");
        assertEquals("allowed", patched.at("/auditAnnotations/decision").asText());
        assertEquals(
                "spec.template.spec.restartPolicy",
                patched.at("/auditAnnotations/defaulted").asText());
    }

    @Test
    @DisplayName("a request in an exempt namespace is allowed, logged and counted as exempt")
    void anExemptNamespaceIsAllowedAndRecorded() throws Exception {
        String uid = UUID.randomUUID().toString();
        ObjectNode review = DENIED.review("admission.k8s.io/v1", uid);
        ((ObjectNode) review.path("request")).put("namespace", "daemonset-webhook");
        String before = Management.metrics();
        JsonNode response = post(WebhookRoutes.VALIDATE_PATH, review).path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertEquals("exempt", response.at("/auditAnnotations/decision").asText());
        assertDelta(
                1,
                before,
                Management.metrics(),
                "daemonset_webhook_requests_total",
                "code=\"200\",operation=\"CREATE\",outcome=\"exempt\",webhook=\"validate\"");
        assertEquals(
                "namespace daemonset-webhook",
                decisionLines(uid).get(0).path("exemption").asText());
    }

    static JsonNode post(String path, JsonNode review) throws Exception {
        Response response = WebhookServer.https()
                .contentType("application/json")
                .body(Fixtures.JSON.writeValueAsBytes(review))
                .post(path);
        response.then().statusCode(200);
        return Fixtures.JSON.readTree(response.asByteArray());
    }

    /** The decision lines for one uid; the line is written when the response ends, so wait briefly. */
    static List<JsonNode> decisionLines(String uid) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<JsonNode> out = new ArrayList<>();
            for (String raw : Files.readAllLines(LOG)) {
                JsonNode line = Fixtures.JSON.readTree(raw);
                if ("dev.dswebhook.decision".equals(line.path("loggerName").asText())
                        && uid.equals(line.path("uid").asText())) {
                    out.add(line);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            Thread.sleep(20);
        }
        return List.of();
    }

    static void assertDelta(double expected, String before, String after, String name, String labels) {
        assertEquals(
                expected,
                Management.sample(after, name, labels) - Management.sample(before, name, labels),
                name + "{" + labels + "}");
    }
}
