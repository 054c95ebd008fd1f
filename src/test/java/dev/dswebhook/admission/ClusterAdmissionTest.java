package dev.dswebhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.FixedCluster;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cluster-aware rules through the validating webhook's decision path, bytes in and bytes out. */
@DisplayName("The validating webhook against the rest of the cluster")
class ClusterAdmissionTest {

    static final JsonLimits LIMITS = new JsonLimits(128, 8 << 20, 100);

    static JsonNode validate(ClusterView cluster, ObjectNode review) throws Exception {
        AdmissionService service =
                AdmissionService.create(LIMITS, new DaemonSetPolicy(), Enforcement.DEFAULTS, Exemptions.NONE, cluster);
        return Fixtures.JSON
                .readTree(service.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(review))
                        .body())
                .path("response");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.ClusterCases#all")
    void theReplyDeniesWithTheCausesAndWarnsWithTheRest(ClusterCase c) throws Exception {
        JsonNode response = validate(FixedCluster.of(c), c.review("uid-1"));
        assertEquals(c.denied().isEmpty(), response.path("allowed").asBoolean(), response::toString);
        if (!c.denied().isEmpty()) {
            assertEquals(422, response.at("/status/code").asInt());
            assertEquals(c.expectedMessage(), response.at("/status/message").asText());
            List<String> causes = new ArrayList<>();
            response.at("/status/details/causes")
                    .forEach(cause -> causes.add(cause.path("field").asText() + ": "
                            + cause.path("message").asText()));
            assertEquals(
                    c.denied().stream().map(Case.ExpectedViolation::message).toList(), causes);
        }
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(c.warnings(), warnings);
        assertEquals(
                c.inherited(),
                response.at("/auditAnnotations/inherited").isTextual(),
                "an inherited violation is recorded for the audit log");
    }

    @Test
    @DisplayName(
            "a view that cannot be trusted skips the cluster-aware rules with a warning, and still denies the rest")
    void aBlindViewSkipsWithAWarning() throws Exception {
        ClusterView blind = ClusterView.blind("Nodes not listed yet");
        ClusterCase conflict = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        JsonNode allowed = validate(blind, conflict.review("uid-2"));
        assertTrue(allowed.path("allowed").asBoolean(), allowed::toString);
        assertEquals(
                AdmissionResponses.BLIND + "Nodes not listed yet",
                allowed.path("warnings").get(0).asText());
        assertEquals(
                "Nodes not listed yet",
                allowed.at("/auditAnnotations/cluster-rules-skipped").asText());

        Case broken = Cases.named("every violation is reported at once, each at its field");
        JsonNode denied = validate(blind, broken.review("admission.k8s.io/v1", "uid-3"));
        assertFalse(denied.path("allowed").asBoolean(), "the object's own rules still apply");
        assertEquals(broken.expectedMessage(), denied.at("/status/message").asText());
    }

    @Test
    @DisplayName("a kind that cannot be trusted skips only the rules that read it, and says which")
    void anUntrustedKindSkipsOnlyTheRulesThatReadIt() throws Exception {
        ClusterCase overlap = ClusterCases.named(
                "a DaemonSet selecting the pods of a Deployment warns that it would adopt them once orphaned");
        JsonNode withoutNodes = validate(
                FixedCluster.of(overlap).untrusting(ClusterKind.Role.NODE, "Nodes not listed yet (forbidden)"),
                overlap.review("uid-6"));
        List<String> warnings = new ArrayList<>();
        withoutNodes.path("warnings").forEach(w -> warnings.add(w.asText()));
        assertEquals(overlap.warnings().get(0), warnings.get(0), "selector-overlap reads no Node: it still runs");
        String skipped = "host-port-conflict, daemon-family-overlap, node-coverage, daemon-family-gap, requests-fit"
                + " skipped: Nodes not listed yet (forbidden)";
        assertEquals(
                skipped,
                withoutNodes.at("/auditAnnotations/cluster-rules-skipped").asText());
        assertEquals(AdmissionResponses.shortened(skipped), warnings.get(1));

        JsonNode withoutWorkloads = validate(
                FixedCluster.of(overlap)
                        .untrusting(ClusterKind.Role.WORKLOAD, "ReplicaSets not watched for 40 s (expired)"),
                overlap.review("uid-7"));
        assertEquals(
                "selector-overlap, host-port-conflict skipped: ReplicaSets not watched for 40 s (expired)",
                withoutWorkloads.at("/auditAnnotations/cluster-rules-skipped").asText());
        assertEquals(1, withoutWorkloads.path("warnings").size(), "no selector-overlap warning: it was skipped");
    }

    @Test
    @DisplayName("a rule overridden to warn warns without would-be-denied wording for rules that only warn")
    void warningsSayWhetherTheRuleWouldDeny() throws Exception {
        ClusterCase family = ClusterCases.named(
                "two DaemonSets of one daemon on overlapping Nodes warn, naming the other and a Node");
        JsonNode response = validate(FixedCluster.of(family), family.review("uid-4"));
        assertFalse(
                response.path("warnings").get(0).asText().startsWith("would be denied"), "the rule warns by default");
        ClusterCase conflict = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        AdmissionService warnAll = AdmissionService.create(
                LIMITS,
                new DaemonSetPolicy(),
                Enforcement.of(dev.dswebhook.policy.EnforcementMode.WARN, List.of(), List.of()),
                Exemptions.NONE,
                FixedCluster.of(conflict));
        JsonNode warned = Fixtures.JSON
                .readTree(warnAll.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(conflict.review("uid-5")))
                        .body())
                .path("response");
        assertTrue(warned.path("allowed").asBoolean());
        assertEquals(
                "would be denied: host port 9100/TCP is also taken by DaemonSet \"monitoring/node-exporter\" on Node"
                        + " \"worker-1\"",
                warned.path("warnings").get(0).asText(),
                warned::toString);
        ClusterCase possible =
                ClusterCases.named("two DaemonSets kept apart by a GPU taint alone warn, naming the taint");
        JsonNode onlyPossible = validate(FixedCluster.of(possible), possible.review("uid-6"));
        assertTrue(
                onlyPossible.path("warnings").get(0).asText().startsWith("host-port-conflict: "),
                "what only may happen is never worded as a denial: " + onlyPossible);
    }
}
