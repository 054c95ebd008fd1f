package dev.dswebhook.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A gentle rollout, configured the way an operator would: warn mode, with one rule still enforced. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(WarnModeTest.Profile.class)
@DisplayName("Warn mode, set by configuration")
class WarnModeTest {

    static final Case BOTH = Cases.named("every violation is reported at once, each at its field");
    static final Case MALFORMED = Cases.named("a spec that is a string is denied with the field and the expected type");

    /** Warn on everything but malformed objects; exempt a break-glass group. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "webhook.enforcement.mode", "warn",
                    "webhook.enforcement.enforce-rules", "malformed-object",
                    "webhook.exemptions.groups", "breakglass");
        }
    }

    @Test
    @DisplayName(
            "the root shows each rule in the mode the settings give it: malformed-object enforced, every other warned")
    void theRootShowsTheConfiguredModes() throws Exception {
        JsonNode rules = Fixtures.JSON
                .readTree(WebhookServer.https().get("/").asByteArray())
                .path("rules");
        assertEquals("enforce", rules.path("malformed-object").asText());
        List<String> warned = new ArrayList<>();
        rules.fields().forEachRemaining(rule -> {
            if (rule.getValue().asText().equals("warn")) {
                warned.add(rule.getKey());
            }
        });
        assertEquals(rules.size() - 1, warned.size(), rules.toString());
        assertTrue(warned.contains("host-port-surge"), rules.toString());
    }

    @Test
    @DisplayName("a DaemonSet that would be denied is allowed, and the user sees every violation as a warning")
    void aWouldBeDenialIsAllowedWithWarnings() throws Exception {
        String uid = UUID.randomUUID().toString();
        String before = Management.metrics();
        JsonNode response = ObservabilityTest.post(WebhookRoutes.VALIDATE_PATH, BOTH.review("admission.k8s.io/v1", uid))
                .path("response");
        String after = Management.metrics();

        assertTrue(response.path("allowed").asBoolean());
        assertFalse(response.has("status"));
        assertEquals(2, response.path("warnings").size());
        assertTrue(
                response.path("warnings").get(0).asText().startsWith("would be denied: spec.template.metadata.labels"));
        assertTrue(response.path("warnings")
                .get(1)
                .asText()
                .startsWith("would be denied: spec.template.spec.restartPolicy"));

        ObservabilityTest.assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_requests_total",
                "code=\"200\",operation=\"CREATE\",outcome=\"warned\",webhook=\"validate\"");
        ObservabilityTest.assertDelta(
                1,
                before,
                after,
                "daemonset_webhook_violations_total",
                "enforcement=\"warn\",rule=\"selector-mismatch\"");
        ObservabilityTest.assertDelta(
                0,
                before,
                after,
                "daemonset_webhook_violations_total",
                "enforcement=\"deny\",rule=\"selector-mismatch\"");
        JsonNode line = ObservabilityTest.decisionLines(uid).get(0);
        assertEquals("warned", line.path("verdict").asText());
        assertEquals(0, line.path("violations").size());
        assertEquals(
                "[{\"rule\":\"selector-mismatch\",\"field\":\"spec.template.metadata.labels\"},"
                        + "{\"rule\":\"restart-policy\",\"field\":\"spec.template.spec.restartPolicy\"}]",
                line.path("warnings").toString());
    }

    @Test
    @DisplayName("a rule listed in enforce-rules still denies")
    void anEnforcedRuleStillDenies() throws Exception {
        JsonNode response = ObservabilityTest.post(
                        WebhookRoutes.VALIDATE_PATH, MALFORMED.review("admission.k8s.io/v1", "m"))
                .path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(400, response.at("/status/code").asInt());
    }

    @Test
    @DisplayName("a member of an exempt group is let through unjudged")
    void anExemptGroupIsLetThrough() throws Exception {
        ObjectNode review = MALFORMED.review("admission.k8s.io/v1", "g");
        ((ArrayNode) review.at("/request/userInfo/groups")).add("breakglass");
        JsonNode response =
                ObservabilityTest.post(WebhookRoutes.VALIDATE_PATH, review).path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertEquals(
                "group breakglass", response.at("/auditAnnotations/exemption").asText());
    }
}
