package dev.dswebhook.http;

import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.fixtures.WebhookServer;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged server, called over HTTPS the way kube-apiserver calls it: mutate first, apply the
 * returned patch with a real RFC 6902 library, then validate what the patch produced.
 */
@QuarkusIntegrationTest
@DisplayName("The packaged server, driven like kube-apiserver")
class ApiServerFlowIT {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.Cases#all")
    void mutateThenPatchThenValidateEndsInTheExpectedVerdict(Case c) throws Exception {
        for (String version : new String[] {"admission.k8s.io/v1", "admission.k8s.io/v1beta1"}) {
            ObjectNode mutateRequest = c.review(version, UUID.randomUUID().toString());
            JsonNode mutateReply = post(WebhookRoutes.MUTATE_PATH, mutateRequest);
            JsonNode patched = ReplyAssertions.assertMutateReply(c, mutateRequest, mutateReply);

            ObjectNode validateRequest = c.review(version, UUID.randomUUID().toString());
            if (c.object() != null) {
                ((ObjectNode) validateRequest.path("request")).set("object", patched);
            }
            ReplyAssertions.assertValidateReply(c, validateRequest, post(WebhookRoutes.VALIDATE_PATH, validateRequest));
        }
    }

    private static JsonNode post(String path, JsonNode review) throws Exception {
        Response response = WebhookServer.https()
                .contentType("application/json")
                .body(Fixtures.JSON.writeValueAsBytes(review))
                .post(path);
        response.then().statusCode(200).contentType(startsWith("application/json"));
        return Fixtures.JSON.readTree(response.asByteArray());
    }
}
