package dev.dswebhook.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.fixtures.BadReview;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The full decision path, bytes in and bytes out, without a server. */
@DisplayName("Admission service")
class AdmissionServiceTest {

    static final List<String> VERSIONS = List.of("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    private final AdmissionService service = AdmissionService.create(new JsonLimits(128, 8 << 20, 100));

    static Stream<Arguments> casesInBothVersions() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : Cases.all()) {
            for (String version : VERSIONS) {
                out.add(Arguments.of(c, version));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({1}): the validating reply has the expected verdict")
    @MethodSource("casesInBothVersions")
    void theValidatingReplyHasTheExpectedVerdict(Case c, String version) throws Exception {
        ObjectNode request = c.review(version, UUID.randomUUID().toString());
        JsonNode reply =
                Fixtures.JSON.readTree(service.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(request))
                        .body());
        ReplyAssertions.assertValidateReply(c, request, reply);
    }

    @ParameterizedTest(name = "{0} ({1}): the mutating reply patches exactly when defaulting")
    @MethodSource("casesInBothVersions")
    void theMutatingReplyPatchesExactlyWhenDefaulting(Case c, String version) throws Exception {
        ObjectNode request = c.review(version, UUID.randomUUID().toString());
        JsonNode reply = Fixtures.JSON.readTree(service.handle(Webhook.MUTATE, Fixtures.JSON.writeValueAsBytes(request))
                .body());
        ReplyAssertions.assertMutateReply(c, request, reply);
    }

    @ParameterizedTest(name = "{0}: mutating twice yields no second patch")
    @MethodSource("dev.dswebhook.fixtures.Cases#all")
    void mutatingTwiceYieldsNoSecondPatch(Case c) throws Exception {
        ObjectNode request = c.review("admission.k8s.io/v1", "first");
        JsonNode first = Fixtures.JSON.readTree(service.handle(Webhook.MUTATE, Fixtures.JSON.writeValueAsBytes(request))
                .body());
        JsonNode patched = ReplyAssertions.assertMutateReply(c, request, first);
        if (patched != null && !patched.isMissingNode()) {
            ((ObjectNode) request.path("request")).set("object", patched);
        }
        ((ObjectNode) request.path("request")).put("uid", "second");
        JsonNode second =
                Fixtures.JSON.readTree(service.handle(Webhook.MUTATE, Fixtures.JSON.writeValueAsBytes(request))
                        .body());
        assertEquals(false, second.path("response").has("patch"), "the mutation is idempotent");
    }

    @ParameterizedTest(name = "{0}: the reply reads as fabric8''s AdmissionReview")
    @MethodSource("dev.dswebhook.fixtures.Cases#all")
    void theReplyReadsAsFabric8sAdmissionReview(Case c) throws Exception {
        ObjectNode request = c.review("admission.k8s.io/v1", "u-1");
        for (Webhook webhook : Webhook.values()) {
            AdmissionReview reply = Fixtures.JSON.readValue(
                    service.handle(webhook, Fixtures.JSON.writeValueAsBytes(request))
                            .body(),
                    AdmissionReview.class);
            assertEquals("u-1", reply.getResponse().getUid());
            assertEquals(
                    webhook == Webhook.MUTATE || c.expect().allowed(),
                    reply.getResponse().getAllowed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.BadReview#all")
    void aBodyThatIsNotAReviewIsRefusedWithItsReason(BadReview row) {
        for (Webhook webhook : Webhook.values()) {
            MalformedReviewException e =
                    assertThrows(MalformedReviewException.class, () -> service.handle(webhook, row.body()));
            assertTrue(row.matches(e.getMessage()), "expected " + row.message() + " but got " + e.getMessage());
        }
    }

    @Test
    @DisplayName("an unknown operation is allowed untouched, for forward compatibility")
    void anUnknownOperationIsAllowedUntouched() throws Exception {
        ObjectNode request =
                Cases.named("OnFailure is denied and not defaulted").review("admission.k8s.io/v1", "u");
        ((ObjectNode) request.path("request")).put("operation", "PATCH");
        JsonNode reply =
                Fixtures.JSON.readTree(service.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(request))
                        .body());
        assertEquals(true, reply.path("response").path("allowed").asBoolean());
    }

    @Test
    @DisplayName("a long value is printed whole, as the API server prints it")
    void aLongValueIsPrintedWhole() throws Exception {
        ObjectNode request =
                Cases.named("OnFailure is denied and not defaulted").review("admission.k8s.io/v1", "u");
        String value = "x".repeat(10_000);
        ((ObjectNode) request.at("/request/object/spec/template/spec")).put("restartPolicy", value);
        JsonNode reply =
                Fixtures.JSON.readTree(service.handle(Webhook.VALIDATE, Fixtures.JSON.writeValueAsBytes(request))
                        .body());
        String message = reply.at("/response/status/message").asText();
        assertTrue(
                message.contains(
                        "Unsupported value: \"" + value + "\": supported values: \"Always\", \"OnFailure\", \"Never\""),
                message);
    }
}
