package dev.dswebhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Warn mode, per-rule overrides and exemptions, over the shared cases. */
@DisplayName("Enforcement modes and exemptions")
class EnforcementTest {

    static final JsonLimits LIMITS = new JsonLimits(128, 8 << 20, 100);

    static Stream<Case> deniedCases() {
        return Cases.all().stream()
                .filter(c -> !c.expect().allowed() && c.expect().code() == 422);
    }

    @ParameterizedTest(name = "{0}: in warn mode it is allowed, with every violation as a warning")
    @MethodSource("deniedCases")
    void warnModeAllowsAndWarnsOfEveryViolation(Case c) throws Exception {
        AdmissionService warn = AdmissionService.create(
                LIMITS, Enforcement.of(EnforcementMode.WARN, List.of(), List.of()), Exemptions.NONE);
        JsonNode response =
                validate(warn, c.review("admission.k8s.io/v1", "warn")).path("response");
        assertTrue(response.path("allowed").asBoolean());
        assertFalse(response.has("status"));
        List<String> warnings = texts(response.path("warnings"));
        assertEquals(c.expect().violations().size(), warnings.size(), warnings.toString());
        for (int i = 0; i < warnings.size(); i++) {
            String expected =
                    "would be denied: " + c.expect().violations().get(i).message();
            String warning = warnings.get(i);
            assertTrue(warning.length() <= AdmissionResponses.WARNING_LENGTH, "a warning fits a header: " + warning);
            assertTrue(
                    expected.startsWith(warning.endsWith("...") ? warning.substring(0, warning.length() - 3) : warning),
                    warning);
        }
        assertEquals("warned", response.at("/auditAnnotations/decision").asText());
    }

    @Test
    @DisplayName("a rule in warn-rules only warns while every other rule still denies")
    void aPerRuleOverrideWarnsOnOneRuleAndEnforcesTheOthers() throws Exception {
        AdmissionService service = AdmissionService.create(
                LIMITS,
                Enforcement.of(EnforcementMode.ENFORCE, List.of("selector-mismatch"), List.of()),
                Exemptions.NONE);
        Case both = Cases.named("every violation is reported at once, each at its field");
        JsonNode response =
                validate(service, both.review("admission.k8s.io/v1", "both")).path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(
                "DaemonSet.apps \"fluentd-elasticsearch\" is invalid: spec.template.spec.restartPolicy: Unsupported value: "
                        + "\"OnFailure\": supported values: \"Always\"",
                response.at("/status/message").asText());
        assertEquals(1, response.path("warnings").size());
        assertTrue(
                response.path("warnings").get(0).asText().startsWith("would be denied: spec.template.metadata.labels"));
        assertEquals(
                "restart-policy=spec.template.spec.restartPolicy",
                response.at("/auditAnnotations/denied").asText());
        assertEquals(
                "selector-mismatch=spec.template.metadata.labels",
                response.at("/auditAnnotations/warned").asText());

        Case mismatchOnly = Cases.named("a template label that differs from the selector is denied as a mismatch");
        JsonNode allowed = validate(service, mismatchOnly.review("admission.k8s.io/v1", "one"))
                .path("response");
        assertTrue(allowed.path("allowed").asBoolean());
        assertEquals(1, allowed.path("warnings").size());
    }

    @Test
    @DisplayName("a rule in enforce-rules still denies in warn mode")
    void anEnforceRuleDeniesInWarnMode() throws Exception {
        AdmissionService service = AdmissionService.create(
                LIMITS, Enforcement.of(EnforcementMode.WARN, List.of(), List.of("restart-policy")), Exemptions.NONE);
        Case both = Cases.named("every violation is reported at once, each at its field");
        JsonNode response =
                validate(service, both.review("admission.k8s.io/v1", "both")).path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertEquals(1, response.path("warnings").size());
    }

    @Test
    @DisplayName("a rule in off-rules is neither denied nor warned of, while every other rule still denies")
    void anOffRuleIsNotReportedAtAll() throws Exception {
        AdmissionService service = AdmissionService.create(
                LIMITS,
                Enforcement.of(EnforcementMode.ENFORCE, List.of(), List.of(), List.of("selector-mismatch")),
                Exemptions.NONE);
        Case both = Cases.named("every violation is reported at once, each at its field");
        JsonNode response =
                validate(service, both.review("admission.k8s.io/v1", "both")).path("response");
        assertFalse(response.path("allowed").asBoolean());
        assertFalse(response.has("warnings"), response.toString());
        assertEquals(
                "restart-policy=spec.template.spec.restartPolicy",
                response.at("/auditAnnotations/denied").asText());
        assertFalse(response.at("/status/message").asText().contains("selector"), response.toString());

        Case mismatchOnly = Cases.named("a template label that differs from the selector is denied as a mismatch");
        JsonNode allowed = validate(service, mismatchOnly.review("admission.k8s.io/v1", "one"))
                .path("response");
        assertTrue(allowed.path("allowed").asBoolean());
        assertFalse(allowed.has("warnings"), allowed.toString());
        assertEquals("allowed", allowed.at("/auditAnnotations/decision").asText());
    }

    @Test
    @DisplayName("the mode itself is never off: switching every rule off is removing the registration")
    void theModeIsNeverOff() {
        IllegalArgumentException off = assertThrows(
                IllegalArgumentException.class, () -> Enforcement.of(EnforcementMode.OFF, List.of(), List.of()));
        assertTrue(off.getMessage().contains("switch single rules off by name"), off.getMessage());
        IllegalArgumentException both = assertThrows(
                IllegalArgumentException.class,
                () -> Enforcement.of(
                        EnforcementMode.ENFORCE, List.of(), List.of("restart-policy"), List.of("restart-policy")));
        assertTrue(
                both.getMessage().startsWith("webhook.enforcement.enforce-rules and webhook.enforcement.off-rules"),
                both.getMessage());
    }

    @Test
    @DisplayName("exempt namespaces, users and groups are allowed unjudged and unpatched")
    void exemptionsApply() throws Exception {
        AdmissionService service = AdmissionService.create(
                LIMITS,
                Enforcement.DEFAULTS,
                Exemptions.of(List.of("kube-system"), List.of("breakglass-admin"), List.of("breakglass")));
        Case denied = Cases.named("every violation is reported at once, each at its field");
        Case defaulted =
                Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");
        List<ObjectNode> exempt = new ArrayList<>();
        for (Case c : List.of(denied, defaulted)) {
            ObjectNode byNamespace = c.review("admission.k8s.io/v1", "ns");
            ((ObjectNode) byNamespace.path("request")).put("namespace", "kube-system");
            ObjectNode byUser = c.review("admission.k8s.io/v1", "user");
            ((ObjectNode) byUser.at("/request/userInfo")).put("username", "breakglass-admin");
            ObjectNode byGroup = c.review("admission.k8s.io/v1", "group");
            ((com.fasterxml.jackson.databind.node.ArrayNode) byGroup.at("/request/userInfo/groups")).add("breakglass");
            exempt.addAll(List.of(byNamespace, byUser, byGroup));
        }
        for (ObjectNode review : exempt) {
            for (Webhook webhook : Webhook.values()) {
                JsonNode response = Fixtures.JSON
                        .readTree(service.handle(webhook, Fixtures.JSON.writeValueAsBytes(review))
                                .body())
                        .path("response");
                assertTrue(response.path("allowed").asBoolean(), review.toString());
                assertFalse(response.has("patch"), "an exempt request is not patched");
                assertEquals("exempt", response.at("/auditAnnotations/decision").asText());
            }
        }
        ObjectNode ordinary = denied.review("admission.k8s.io/v1", "ordinary");
        assertFalse(validate(service, ordinary).at("/response/allowed").asBoolean(), "others are still judged");
    }

    @Test
    @DisplayName("an unknown rule name or a rule listed both ways is refused, naming the key")
    void badOverridesAreRefusedNamingTheKey() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> Enforcement.of(EnforcementMode.ENFORCE, List.of("selector-mismatches"), List.of()));
        assertTrue(
                unknown.getMessage().startsWith("webhook.enforcement.warn-rules: unknown rule 'selector-mismatches'"),
                unknown.getMessage());
        IllegalArgumentException both = assertThrows(
                IllegalArgumentException.class,
                () -> Enforcement.of(EnforcementMode.ENFORCE, List.of("restart-policy"), List.of("restart-policy")));
        assertTrue(both.getMessage().contains("webhook.enforcement.enforce-rules"), both.getMessage());
        assertEquals(
                Set.of(Rule.RESTART_POLICY),
                Enforcement.of(EnforcementMode.ENFORCE, List.of(" restart-policy ", ""), List.of())
                        .warnRules());
    }

    static JsonNode validate(AdmissionService service, JsonNode review) throws Exception {
        return Fixtures.JSON.readTree(service.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(review))
                .body());
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
