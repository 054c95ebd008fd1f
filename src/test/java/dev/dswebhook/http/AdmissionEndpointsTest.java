package dev.dswebhook.http;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.BadReview;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.policy.Rule;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire contract over HTTPS, and every row of the bad-input table in the README. */
@QuarkusTest
@Tag("quarkus")
@DisplayName("Webhook endpoints over HTTPS")
class AdmissionEndpointsTest {

    static final String MUTATE = WebhookRoutes.MUTATE_PATH;
    static final String VALIDATE = WebhookRoutes.VALIDATE_PATH;
    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");

    static Stream<Arguments> casesInBothVersions() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : Cases.all()) {
            out.add(Arguments.of(c, "admission.k8s.io/v1"));
            out.add(Arguments.of(c, "admission.k8s.io/v1beta1"));
        }
        return out.stream();
    }

    /** Whatever a test threw at the server, it must still answer a valid review afterwards. */
    @AfterEach
    void theServerStillAnswersAValidReview() throws Exception {
        ObjectNode request = FLUENTD.review("admission.k8s.io/v1", "after-" + UUID.randomUUID());
        ReplyAssertions.assertMutateReply(FLUENTD, request, post(MUTATE, request));
    }

    @ParameterizedTest(name = "{0} ({1}): validating over HTTPS")
    @MethodSource("casesInBothVersions")
    void validatingOverHttpsGivesTheExpectedVerdict(Case c, String version) throws Exception {
        ObjectNode request = c.review(version, UUID.randomUUID().toString());
        ReplyAssertions.assertValidateReply(c, request, post(VALIDATE, request));
    }

    @ParameterizedTest(name = "{0} ({1}): mutating over HTTPS")
    @MethodSource("casesInBothVersions")
    void mutatingOverHttpsPatchesExactlyWhenDefaulting(Case c, String version) throws Exception {
        ObjectNode request = c.review(version, UUID.randomUUID().toString());
        ReplyAssertions.assertMutateReply(c, request, post(MUTATE, request));
    }

    @ParameterizedTest(name = "{0} gets 400 with its reason")
    @MethodSource("dev.dswebhook.fixtures.BadReview#all")
    void aBodyThatIsNotAReviewGets400WithItsReason(BadReview row) throws Exception {
        for (String path : List.of(MUTATE, VALIDATE)) {
            Response response = WebhookServer.https()
                    .contentType("application/json")
                    .body(row.body())
                    .post(path);
            JsonNode status = assertStatusBody(response, 400, "BadRequest");
            assertTrue(
                    row.matches(status.path("message").asText()),
                    "expected " + row.message() + " but got "
                            + status.path("message").asText());
        }
    }

    @Test
    @DisplayName("a body that is not JSON by its content type gets 415")
    void aWrongContentTypeGets415() throws Exception {
        Response response = WebhookServer.https()
                .contentType("text/plain")
                .body(FLUENTD.review("admission.k8s.io/v1", "u").toString())
                .post(VALIDATE);
        assertStatusBody(response, 415, "UnsupportedMediaType");
    }

    @Test
    @DisplayName("a body with no content type gets 415")
    void aMissingContentTypeGets415() {
        String head =
                "POST " + VALIDATE + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n";
        String reply = WebhookServer.rawExchange(head, "{}".getBytes(StandardCharsets.US_ASCII));
        assertTrue(reply.startsWith("HTTP/1.1 415"), reply);
        assertTrue(reply.contains("\"reason\":\"UnsupportedMediaType\""), reply);
    }

    @Test
    @DisplayName("JSON with a charset parameter is accepted")
    void jsonWithACharsetIsAccepted() throws Exception {
        ObjectNode request = FLUENTD.review("admission.k8s.io/v1", "charset");
        Response response = WebhookServer.https()
                .contentType("application/json; charset=utf-8")
                .body(request.toString())
                .post(MUTATE);
        assertEquals(200, response.statusCode());
        ReplyAssertions.assertMutateReply(FLUENTD, request, Fixtures.JSON.readTree(response.asByteArray()));
    }

    @Test
    @DisplayName("a body declared over the 8 MiB cap gets 413 before it is sent")
    void aBodyOverTheCapGets413BeforeItIsRead() {
        String head = "POST " + VALIDATE + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (8 * 1024 * 1024 + 1) + "\r\n\r\n";
        String reply = WebhookServer.rawExchange(head, new byte[0]);
        assertTrue(reply.startsWith("HTTP/1.1 413"), reply);
        assertTrue(reply.contains("\"reason\":\"RequestEntityTooLarge\""), reply);
        assertTrue(reply.contains("the limit is 8388608 bytes"), reply);
    }

    @Test
    @DisplayName("a body just under the cap is read and answered")
    void aBodyUnderTheCapIsAnswered() throws Exception {
        ObjectNode request = FLUENTD.review("admission.k8s.io/v1", "big");
        ((ObjectNode) request.at("/request/object/metadata"))
                .putObject("annotations")
                .put("padding", "x".repeat(8 * 1024 * 1024 - 4096));
        ReplyAssertions.assertMutateReply(FLUENTD, request, post(MUTATE, request));
    }

    @Test
    @DisplayName("a chunked body gets 411, because the cap is decided from the declared length")
    void aChunkedBodyGets411() {
        String head = "POST " + VALIDATE + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        String reply = WebhookServer.rawExchange(head, "2\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(reply.startsWith("HTTP/1.1 411"), reply);
        assertTrue(reply.contains("\"reason\":\"LengthRequired\""), reply);
    }

    @ParameterizedTest(name = "GET {0} gets 405")
    @ValueSource(strings = {MUTATE, VALIDATE})
    void aGetGets405(String path) throws Exception {
        assertStatusBody(WebhookServer.https().get(path), 405, "MethodNotAllowed");
    }

    @Test
    @DisplayName("an unknown path gets 404 naming the real endpoints")
    void anUnknownPathGets404() throws Exception {
        JsonNode status = assertStatusBody(
                WebhookServer.https().contentType("application/json").body("{}").post("/validate"), 404, "NotFound");
        assertTrue(status.path("message").asText().contains(VALIDATE));
    }

    @Test
    @DisplayName(
            "the root names both webhooks and every rule a review can break in its default mode, the manifest-only rule left out")
    void theRootNamesTheWebhooksAndEachRulesMode() throws Exception {
        Response response = WebhookServer.https().get("/");
        assertEquals(200, response.statusCode());
        JsonNode index = Fixtures.JSON.readTree(response.asByteArray());
        assertEquals(
                List.of("POST " + MUTATE, "POST " + VALIDATE),
                Fixtures.JSON.convertValue(index.path("webhooks"), List.class));
        JsonNode rules = index.path("rules");
        assertEquals("enforce", rules.path("restart-policy").asText());
        assertEquals("enforce", rules.path("host-port-surge").asText());
        assertEquals("enforce", rules.path("host-port-conflict").asText());
        assertEquals("warn", rules.path("selector-overlap").asText());
        assertEquals("warn", rules.path("node-coverage").asText());
        assertFalse(rules.has("removed-api-version"), "the API server refuses removed versions before any webhook");
        assertEquals(Rule.values().length - 1, rules.size(), rules.toString());
    }

    @Test
    @DisplayName("no webhook path is served over plain HTTP")
    void noWebhookPathIsServedOverPlainHttp() {
        String head = "POST " + VALIDATE
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        for (int port : List.of(8080, 8081, WebhookServer.port())) {
            String reply = WebhookServer.plainExchange(port, head);
            assertFalse(
                    reply.startsWith("HTTP/1.1 2") || reply.contains("AdmissionReview"),
                    "port " + port + " answered: " + reply);
        }
    }

    @Test
    @DisplayName("HTTP/2 is off by default: a client that offers h2 is answered over HTTP/1.1")
    void http2IsOffByDefault() throws Exception {
        ObjectNode request = FLUENTD.review("admission.k8s.io/v1", "h1");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(WebhookServer.sslContext())
                .build();
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + WebhookServer.port() + MUTATE))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.JSON.writeValueAsBytes(request)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
        assertEquals(200, response.statusCode());
        ReplyAssertions.assertMutateReply(FLUENTD, request, Fixtures.JSON.readTree(response.body()));
    }

    @Test
    @DisplayName("the README's fluentd review gets exactly the documented patch, byte for byte")
    void theReadmeFluentdReviewGetsTheDocumentedPatch() throws Exception {
        byte[] review = readResource("reviews/fluentd-create.json");
        String reply = WebhookServer.https()
                .contentType("application/json")
                .body(review)
                .post(MUTATE)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{"
                        + "\"uid\":\"8c3e2a6e-0d7b-4a5e-9f00-5d1f0e8b7a01\",\"allowed\":true,\"patchType\":\"JSONPatch\","
                        + "\"patch\":\"W3sib3AiOiJhZGQiLCJwYXRoIjoiL3NwZWMvdGVtcGxhdGUvc3BlYy9yZXN0YXJ0UG9saWN5IiwidmFsdWUiOiJBbHdheXMifV0=\","
                        + "\"warnings\":[\"spec.template.spec.restartPolicy: defaulted to \\\"Always\\\"\"],"
                        + "\"auditAnnotations\":{\"decision\":\"allowed\",\"defaulted\":\"spec.template.spec.restartPolicy\"}}}",
                reply);
        assertEquals(
                "[{\"op\":\"add\",\"path\":\"/spec/template/spec/restartPolicy\",\"value\":\"Always\"}]",
                ReplyAssertions.decodePatch(Fixtures.JSON
                                .readTree(reply)
                                .at("/response/patch")
                                .asText())
                        .toString());
    }

    @Test
    @DisplayName("the README's mismatched fluentd review is denied with the documented message")
    void theReadmeMismatchedReviewIsDeniedWithTheDocumentedMessage() throws Exception {
        byte[] review = readResource("reviews/fluentd-mismatch.json");
        JsonNode reply = Fixtures.JSON.readTree(WebhookServer.https()
                .contentType("application/json")
                .body(review)
                .post(VALIDATE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertEquals(false, reply.at("/response/allowed").asBoolean());
        assertEquals(422, reply.at("/response/status/code").asInt());
        assertEquals(
                "DaemonSet.apps \"fluentd-elasticsearch\" is invalid: spec.template.metadata.labels: Invalid value: "
                        + "{\"name\":\"fluentd\"}: `selector` does not match template `labels`",
                reply.at("/response/status/message").asText());
    }

    private static byte[] readResource(String name) throws java.io.IOException {
        try (var in = AdmissionEndpointsTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static JsonNode post(String path, JsonNode review) throws Exception {
        Response response = WebhookServer.https()
                .contentType("application/json")
                .body(Fixtures.JSON.writeValueAsBytes(review))
                .post(path);
        response.then().statusCode(200).contentType(startsWith("application/json"));
        return Fixtures.JSON.readTree(response.asByteArray());
    }

    static JsonNode assertStatusBody(Response response, int code, String reason) throws Exception {
        response.then()
                .statusCode(code)
                .contentType(startsWith("application/json"))
                .body("kind", equalTo("Status"))
                .body("status", equalTo("Failure"))
                .body("code", equalTo(code))
                .body("reason", equalTo(reason));
        JsonNode status = Fixtures.JSON.readTree(response.asByteArray());
        assertFalse(status.toString().contains("Exception"), "no stack traces or exception names: " + status);
        return status;
    }
}
