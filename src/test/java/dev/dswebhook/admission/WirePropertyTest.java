package dev.dswebhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random bodies, from junk to reviews with random values in every field: the decision path either
 * answers with a review whose uid is the request's, or refuses the body as unreadable; it never
 * fails any other way, which on the wire would be a 5xx.
 */
@Label("The wire")
class WirePropertyTest {

    static final AdmissionService SERVICE = AdmissionService.create(new JsonLimits(128, 8 << 20, 100));

    @Property(tries = 3000)
    @Label("any body gets a review with its own uid, or a refusal, and nothing else")
    void anyBodyGetsItsOwnUidOrARefusal(@ForAll("bodies") byte[] body) throws Exception {
        for (Webhook webhook : Webhook.values()) {
            byte[] reply;
            try {
                reply = SERVICE.handle(webhook, body).body();
            } catch (MalformedReviewException e) {
                continue;
            }
            JsonNode answer = Fixtures.JSON.readTree(reply);
            if (!answer.at("/response/uid").asText().equals(dev.dswebhook.fixtures.SentReview.uid(body))) {
                throw new AssertionError(
                        "uid not echoed: sent " + new String(body, StandardCharsets.UTF_8) + " got " + answer);
            }
            if (!answer.path("apiVersion").asText().equals(dev.dswebhook.fixtures.SentReview.apiVersion(body))) {
                throw new AssertionError("apiVersion not echoed: " + answer);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                reviews().map(r -> r.toString().getBytes(StandardCharsets.UTF_8)),
                reviews().map(r -> truncate(r.toString())));
    }

    static byte[] truncate(String json) {
        return json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
    }

    /** Reviews with random values, of random JSON types, in the fields the webhook reads. */
    Arbitrary<ObjectNode> reviews() {
        Arbitrary<JsonNode> anyValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(10).map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
                Arbitraries.of(true, false).map(b -> (JsonNode) JsonNodeFactory.instance.booleanNode(b)),
                Arbitraries.create(() -> (JsonNode) JsonNodeFactory.instance.nullNode()),
                Arbitraries.create(() -> (JsonNode) JsonNodeFactory.instance.objectNode()),
                Arbitraries.create(() -> (JsonNode) JsonNodeFactory.instance.arrayNode()));
        Arbitrary<String> field = Arbitraries.of(
                "apiVersion",
                "kind",
                "request",
                "request.uid",
                "request.kind",
                "request.operation",
                "request.namespace",
                "request.userInfo",
                "request.userInfo.groups",
                "request.dryRun",
                "request.object",
                "request.object.spec",
                "request.object.spec.selector",
                "request.object.spec.selector.matchLabels",
                "request.object.spec.selector.matchExpressions",
                "request.object.spec.template.metadata.labels",
                "request.object.spec.template.spec",
                "request.object.spec.template.spec.restartPolicy",
                "request.oldObject");
        return net.jqwik.api.Combinators.combine(
                        field.list().ofMaxSize(3), anyValue.list().ofSize(3))
                .as((fields, values) -> {
                    ObjectNode review = base();
                    for (int i = 0; i < fields.size(); i++) {
                        set(review, fields.get(i), values.get(i));
                    }
                    return review;
                });
    }

    static ObjectNode base() {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "wire-1").put("operation", "UPDATE").put("namespace", "default");
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "DaemonSet");
        request.putObject("userInfo").put("username", "u").putArray("groups").add("g");
        for (String which : new String[] {"object", "oldObject"}) {
            ObjectNode spec = request.putObject(which).putObject("spec");
            spec.putObject("selector").putObject("matchLabels").put("app", "x");
            ObjectNode template = spec.putObject("template");
            template.putObject("metadata").putObject("labels").put("app", "x");
            template.putObject("spec").put("restartPolicy", "Always");
        }
        return review;
    }

    static void set(ObjectNode root, String dotted, JsonNode value) {
        String[] path = dotted.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode next = node.get(path[i]);
            if (!(next instanceof ObjectNode object)) {
                return;
            }
            node = object;
        }
        node.set(path[path.length - 1], value);
    }
}
