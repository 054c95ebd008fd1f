package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Client;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Flood;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The documented bounds, over HTTPS: the largest legal objects, and selectors and label sets far
 * larger than any real DaemonSet's, get correct verdicts. The timeouts guard against hangs only.
 */
@QuarkusTest
@Tag("quarkus")
@DisplayName("Resource bounds")
class ResourceBoundsTest {

    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");
    static final Case ALWAYS = Cases.named("an explicit Always is allowed and left alone");
    static final Client CLIENT = new Client(HttpClient.Version.HTTP_1_1);

    @Test
    @Timeout(30)
    @DisplayName("a 3 MiB DaemonSet is defaulted and judged correctly")
    void aThreeMebibyteObjectGetsACorrectVerdict() throws Exception {
        ObjectNode review = FLUENTD.review("admission.k8s.io/v1", "big-create");
        Flood.grow((ObjectNode) review.at("/request/object"), 3 * 1024 * 1024);
        assertTrue(review.at("/request/object").toString().length() >= 3 * 1024 * 1024);
        JsonNode patched = ReplyAssertions.assertMutateReply(FLUENTD, review, post(WebhookRoutes.MUTATE_PATH, review));
        ((ObjectNode) review.path("request")).set("object", patched);
        assertTrue(post(WebhookRoutes.VALIDATE_PATH, review)
                .at("/response/allowed")
                .asBoolean());
    }

    @Test
    @Timeout(30)
    @DisplayName("an UPDATE of a 3 MiB DaemonSet, carrying both objects, is judged correctly")
    void anUpdateOfTwoThreeMebibyteObjectsGetsACorrectVerdict() throws Exception {
        Case immutable = Cases.named("an update that changes the selector is denied because it is immutable");
        ObjectNode review = immutable.review("admission.k8s.io/v1", "big-update");
        Flood.grow((ObjectNode) review.at("/request/object"), 3 * 1024 * 1024);
        Flood.grow((ObjectNode) review.at("/request/oldObject"), 3 * 1024 * 1024);
        JsonNode reply = post(WebhookRoutes.VALIDATE_PATH, review);
        ReplyAssertions.assertValidateReply(immutable, review, reply);
    }

    @Test
    @Timeout(30)
    @DisplayName(
            "10,000 template labels and a 1,000-expression selector are judged, and one bad label among them is found")
    void thousandsOfLabelsAndExpressionsAreJudged() throws Exception {
        ObjectNode review = ALWAYS.review("admission.k8s.io/v1", "many");
        ObjectNode object = (ObjectNode) review.at("/request/object");
        ObjectNode labels = (ObjectNode) object.at("/spec/template/metadata/labels");
        for (int i = 0; i < 10_000; i++) {
            labels.put("example.com/label-" + i, "value-" + i);
        }
        ArrayNode expressions = ((ObjectNode) object.at("/spec/selector")).putArray("matchExpressions");
        for (int i = 0; i < 1_000; i++) {
            expressions
                    .addObject()
                    .put("key", "example.com/label-" + i)
                    .put("operator", "In")
                    .putArray("values")
                    .add("value-" + i);
        }
        assertTrue(post(WebhookRoutes.VALIDATE_PATH, review)
                .at("/response/allowed")
                .asBoolean());

        labels.put("example.com/label-5000", "bad value");
        JsonNode denied = post(WebhookRoutes.VALIDATE_PATH, review).path("response");
        assertEquals(false, denied.path("allowed").asBoolean());
        assertEquals(1, denied.at("/status/details/causes").size(), denied.toString());
        assertEquals(
                "spec.template.labels",
                denied.at("/status/details/causes/0/field").asText());
    }

    static JsonNode post(String path, JsonNode review) throws Exception {
        HttpResponse<byte[]> response = CLIENT.post(path, Fixtures.JSON.writeValueAsBytes(review));
        assertEquals(200, response.statusCode(), new String(response.body()));
        return Fixtures.JSON.readTree(response.body());
    }
}
