package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Client;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.fixtures.SentReview;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz run against the live HTTPS endpoints: mutated AdmissionReviews, seeded so that a
 * failure replays. Every answer must be a well-formed review or a JSON error, never a 5xx, and
 * the server must still judge a valid review correctly afterwards.
 */
@QuarkusTest
@Tag("quarkus")
@DisplayName("Fuzzing the HTTP layer")
class HttpFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20261127L);
    static final int ROUNDS = Integer.getInteger("fuzz.rounds", 1500);
    static final List<Case> BASES = List.of(
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always"),
            Cases.named("every violation is reported at once, each at its field"),
            Cases.named("an update that changes the selector is denied because it is immutable"));

    @Test
    @DisplayName(
            "mutated reviews never get a 5xx, always a review or a JSON error, and the server still judges correctly")
    void mutatedReviewsGetReviewsOrErrorsNeverFailures() throws Exception {
        Random random = new Random(SEED);
        Client client = new Client(HttpClient.Version.HTTP_1_1);
        int reviews = 0;
        int errors = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Case base = BASES.get(random.nextInt(BASES.size()));
            ObjectNode review = base.review(
                    random.nextBoolean() ? "admission.k8s.io/v1" : "admission.k8s.io/v1beta1", "fuzz-" + round);
            String mutation = MUTATIONS[random.nextInt(MUTATIONS.length)];
            byte[] body = mutate(mutation, review, random);
            String path = random.nextBoolean() ? WebhookRoutes.MUTATE_PATH : WebhookRoutes.VALIDATE_PATH;
            HttpResponse<byte[]> response = client.post(path, body);
            String context = "round " + round + " (seed " + SEED + ", " + mutation + ")";
            assertTrue(response.statusCode() < 500, context + ": " + response.statusCode());
            assertTrue(
                    response.headers().firstValue("content-type").orElse("").startsWith("application/json"), context);
            JsonNode reply = Fixtures.JSON.readTree(response.body());
            if (response.statusCode() == 200) {
                reviews++;
                assertEquals("AdmissionReview", reply.path("kind").asText(), context);
                assertEquals(SentReview.uid(body), reply.at("/response/uid").asText(), context + ": uid echo");
                assertEquals(
                        SentReview.apiVersion(body), reply.path("apiVersion").asText(), context);
            } else {
                errors++;
                assertEquals(400, response.statusCode(), context + ": " + reply);
                assertEquals("Status", reply.path("kind").asText(), context);
                assertTrue(!reply.path("message").asText().isEmpty(), context);
            }
        }
        assertTrue(
                reviews > 0 && errors > 0,
                "both kinds of answer were exercised: " + reviews + " reviews, " + errors + " errors");

        Case fluentd = BASES.get(0);
        ObjectNode valid = fluentd.review("admission.k8s.io/v1", "after-fuzz");
        HttpResponse<byte[]> after = client.post(WebhookRoutes.MUTATE_PATH, Fixtures.JSON.writeValueAsBytes(valid));
        ReplyAssertions.assertMutateReply(fluentd, valid, Fixtures.JSON.readTree(after.body()));
    }

    static final String[] MUTATIONS = {
        "truncate",
        "random-bytes",
        "duplicate-key",
        "wrong-type",
        "huge-string",
        "huge-array",
        "number-for-string",
        "invalid-utf8",
        "deep-nesting"
    };

    static byte[] mutate(String mutation, ObjectNode review, Random random) throws Exception {
        byte[] json = Fixtures.JSON.writeValueAsBytes(review);
        switch (mutation) {
            case "truncate":
                return java.util.Arrays.copyOf(json, random.nextInt(json.length));
            case "random-bytes": {
                byte[] out = json.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            }
            case "duplicate-key": {
                String text = new String(json, StandardCharsets.UTF_8);
                return text.replaceFirst("\"uid\":\"", "\"uid\":\"first\",\"uid\":\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "invalid-utf8": {
                String text = new String(json, StandardCharsets.UTF_8);
                int at = text.indexOf("\"namespace\":\"") + 13;
                byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
                byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[head.length + 2 + tail.length];
                System.arraycopy(head, 0, out, 0, head.length);
                out[head.length] = (byte) 0xC3;
                out[head.length + 1] = (byte) 0x28;
                System.arraycopy(tail, 0, out, head.length + 2, tail.length);
                return out;
            }
            case "deep-nesting": {
                int depth = 100 + random.nextInt(2000);
                ((ObjectNode) review.path("request")).put("placeholder", "DEEP");
                String text = Fixtures.JSON.writeValueAsString(review);
                return text.replace("\"DEEP\"", "[".repeat(depth) + "]".repeat(depth))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default: {
                List<ObjectNode> parents = new ArrayList<>();
                List<String> fields = new ArrayList<>();
                collect(review, parents, fields);
                int pick = random.nextInt(parents.size());
                ObjectNode parent = parents.get(pick);
                String field = fields.get(pick);
                JsonNodeFactory f = JsonNodeFactory.instance;
                switch (mutation) {
                    case "huge-string" -> parent.put(field, "x".repeat(1 + random.nextInt(2_000_000)));
                    case "huge-array" -> {
                        ArrayNode array = parent.putArray(field);
                        for (int i = 0, n = random.nextInt(50_000); i < n; i++) {
                            array.add(i);
                        }
                    }
                    case "number-for-string" -> parent.put(field, random.nextLong());
                    default ->
                        parent.set(
                                field,
                                switch (random.nextInt(5)) {
                                    case 0 -> f.textNode("x");
                                    case 1 -> f.numberNode(random.nextDouble());
                                    case 2 -> f.booleanNode(true);
                                    case 3 -> f.arrayNode().add("x");
                                    default -> f.objectNode().put("x", 1);
                                });
                }
                return Fixtures.JSON.writeValueAsBytes(review);
            }
        }
    }

    /** Every field of every object in the tree, as parent and name. */
    static void collect(JsonNode node, List<ObjectNode> parents, List<String> fields) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                parents.add(object);
                fields.add(name);
            });
            object.elements().forEachRemaining(child -> collect(child, parents, fields));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collect(child, parents, fields));
        }
    }
}
