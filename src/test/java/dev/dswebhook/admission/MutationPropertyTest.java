package dev.dswebhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The mutating webhook over random DaemonSets, its patch applied with a real RFC 6902 library. */
@Label("Mutation")
class MutationPropertyTest {

    static final AdmissionService SERVICE = AdmissionService.create(new JsonLimits(128, 8 << 20, 100));
    static final String PATCHED_FIELD = "/spec/template/spec/restartPolicy";

    @Property(tries = 500)
    @Label("the patch applies, changes only restartPolicy, and a second pass yields no patch")
    void thePatchAppliesChangesOnlyRestartPolicyAndIsIdempotent(@ForAll("daemonSets") ObjectNode object)
            throws Exception {
        JsonNode first = mutate(object);
        JsonNode patched = object;
        if (first.has("patch")) {
            patched = JsonPatch.apply(
                    ReplyAssertions.decodePatch(first.path("patch").asText()), object);
            if (!patched.at(PATCHED_FIELD).asText().equals("Always")) {
                throw new AssertionError("restartPolicy is not Always after the patch: " + patched);
            }
            if (!withoutRestartPolicy(patched).equals(withoutRestartPolicy(object))) {
                throw new AssertionError("the patch changed more than restartPolicy:\n" + object + "\n" + patched);
            }
        }
        if (mutate(patched).has("patch")) {
            throw new AssertionError("a second mutation patched again: " + patched);
        }
    }

    @Property(tries = 500)
    @Label("mutation never changes a verdict except through restartPolicy")
    void mutationChangesNoVerdictButRestartPolicy(@ForAll("daemonSets") ObjectNode object) throws Exception {
        JsonNode reply = mutate(object);
        JsonNode patched = reply.has("patch")
                ? JsonPatch.apply(
                        ReplyAssertions.decodePatch(reply.path("patch").asText()), object)
                : object;
        Set<String> before = rulesOtherThanRestartPolicy(validate(object));
        Set<String> after = rulesOtherThanRestartPolicy(validate(patched));
        if (!before.equals(after)) {
            throw new AssertionError("violations changed: " + before + " -> " + after + " for " + object);
        }
    }

    static JsonNode mutate(JsonNode object) throws Exception {
        return Fixtures.JSON
                .readTree(SERVICE.handle(Webhook.MUTATE, review(object)).body())
                .path("response");
    }

    static JsonNode validate(JsonNode object) throws Exception {
        return Fixtures.JSON
                .readTree(SERVICE.handle(Webhook.VALIDATE, review(object)).body())
                .path("response");
    }

    static Set<String> rulesOtherThanRestartPolicy(JsonNode response) {
        Set<String> out = new TreeSet<>();
        for (JsonNode cause : response.at("/status/details/causes")) {
            if (!cause.path("field").asText().equals("spec.template.spec.restartPolicy")) {
                out.add(cause.path("field").asText() + ": "
                        + cause.path("message").asText());
            }
        }
        return out;
    }

    /**
     * The object without its restart policy, with a pod spec, template or spec left empty or null
     * by that removed too: creating such a parent to hold the default is part of the one change.
     */
    static JsonNode withoutRestartPolicy(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.at("/spec/template/spec") instanceof ObjectNode podSpec) {
            podSpec.remove("restartPolicy");
        }
        pruneIfEmpty(copy.at("/spec/template"), "spec");
        pruneIfEmpty(copy.at("/spec"), "template");
        pruneIfEmpty(copy, "spec");
        return copy;
    }

    static void pruneIfEmpty(JsonNode parent, String field) {
        if (parent instanceof ObjectNode node) {
            JsonNode child = node.get(field);
            if (child != null && (child.isNull() || (child.isObject() && child.isEmpty()))) {
                node.remove(field);
            }
        }
    }

    static byte[] review(JsonNode object) throws Exception {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "p").put("operation", "CREATE");
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "DaemonSet");
        request.set("object", object);
        return Fixtures.JSON.writeValueAsBytes(review);
    }

    /**
     * DaemonSets whose selector, labels and restart policy vary, and whose spec, template and pod
     * spec may each be missing, null or present.
     */
    @Provide
    Arbitrary<ObjectNode> daemonSets() {
        Arbitrary<String> key = Arbitraries.of("app", "tier", "bad key", "example.com/x");
        Arbitrary<String> value = Arbitraries.of("", "web", "db", "-bad");
        Arbitrary<List<String[]>> labels = Combinators.combine(key, value)
                .as((k, v) -> new String[] {k, v})
                .list()
                .ofMaxSize(3);
        Arbitrary<String> restartPolicy =
                Arbitraries.of("absent", "null", "", "Always", "OnFailure", "Never", "always");
        Arbitrary<String> shape = Arbitraries.of("full", "no-pod-spec", "null-pod-spec", "no-template", "no-spec");
        return Combinators.combine(
                        labels,
                        labels,
                        restartPolicy,
                        shape,
                        Arbitraries.integers().between(0, 3))
                .as((selectorLabels, templateLabels, policy, form, containers) -> {
                    ObjectNode ds = JsonNodeFactory.instance.objectNode();
                    ds.put("apiVersion", "apps/v1").put("kind", "DaemonSet");
                    ds.putObject("metadata").put("name", "ds").put("namespace", "default");
                    if (form.equals("no-spec")) {
                        return ds;
                    }
                    ObjectNode spec = ds.putObject("spec");
                    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
                    selectorLabels.forEach(kv -> matchLabels.put(kv[0], kv[1]));
                    if (form.equals("no-template")) {
                        return ds;
                    }
                    ObjectNode template = spec.putObject("template");
                    ObjectNode templateMeta = template.putObject("metadata").putObject("labels");
                    templateLabels.forEach(kv -> templateMeta.put(kv[0], kv[1]));
                    if (form.equals("no-pod-spec")) {
                        return ds;
                    }
                    if (form.equals("null-pod-spec")) {
                        template.putNull("spec");
                        return ds;
                    }
                    ObjectNode podSpec = template.putObject("spec");
                    List<ObjectNode> list = new ArrayList<>();
                    for (int i = 0; i < containers; i++) {
                        list.add(JsonNodeFactory.instance
                                .objectNode()
                                .put("name", "c" + i)
                                .put("image", "busybox"));
                    }
                    podSpec.putArray("containers").addAll(list);
                    switch (policy) {
                        case "absent" -> {}
                        case "null" -> podSpec.putNull("restartPolicy");
                        default -> podSpec.put("restartPolicy", policy);
                    }
                    return ds;
                });
    }
}
