package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.policy.Rule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared fixture case sent through a real API server with the webhooks registered, with
 * fabric8's client, as a user's create or update, first as a server-side dry run and then for
 * real. What the user sees is checked, and whether each webhook was called, from its decision log.
 *
 * <p>This is where the API server's order shows: it defaults {@code restartPolicy} while decoding,
 * calls the mutating webhook (which then has nothing to patch), runs its own validation, and only
 * then the validating webhook. So a case the webhook denies is refused by the API server first,
 * with the webhook's very words, and the validating webhook is never called. A case the API server
 * cannot even decode reaches neither webhook, and a case that needs a review no API server sends
 * (a CREATE without its object) cannot be played here at all.
 */
@DisplayName("The shared cases, through a real API server")
class FixtureCasesIT {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static ControlPlane controlPlane;
    private static KubernetesClient client;
    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.shared();
        client = controlPlane.client();
        webhook = PackagedWebhook.start();
        Kubectl kubectl = controlPlane.kubectl();
        Registrations.apply(kubectl, Registrations.localUrl(kubectl, webhook));
        String namespace = controlPlane.namespace("fixtures-probe");
        Registrations.await("the webhooks are called", Duration.ofSeconds(15), () -> sentinel(namespace));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            Registrations.remove(client);
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.Cases#all")
    void theCaseEndsAsTheUserWouldSeeIt(Case c) {
        String namespace = controlPlane.namespace("case-" + NAMESPACES.incrementAndGet());
        String kind =
                c.kind().path("group").asText() + "/" + c.kind().path("version").asText() + "/"
                        + c.kind().path("kind").asText();
        if (!kind.equals("apps/v1/DaemonSet")) {
            anotherKind(c, namespace, kind);
        } else if (!c.subResource().isEmpty()) {
            statusUpdate(c, namespace);
        } else if (c.operation().equals("DELETE")) {
            delete(c, namespace);
        } else if (c.operation().equals("CONNECT")) {
            abort("DaemonSets have no subresource that takes CONNECT, so no API server sends this review");
        } else if (c.object() == null || (c.operation().equals("UPDATE") && c.oldObject() == null)) {
            abort(
                    "an API server always sends the object, and the old object on UPDATE; only a hand-made review lacks them");
        } else if (c.expect().code() == 400) {
            malformed(c, namespace);
        } else {
            daemonSetWrite(c, namespace);
        }
    }

    /** A well-formed DaemonSet: the API server's verdict is the case's, in the case's words. */
    private static void daemonSetWrite(Case c, String namespace) {
        boolean update = c.operation().equals("UPDATE");
        if (update) {
            Answer stored = send(namespace, c.oldObject(), "CREATE", false);
            if (!stored.accepted()) {
                abort("the old object breaks the API server's own rules, so no cluster can hold it: "
                        + stored.message());
            }
        }
        boolean allowed = c.expect().allowed() && hasContainers(c.object());
        // Rules beyond the API server's own: it accepts the object, and the validating webhook denies it.
        boolean webhookDenies = !allowed
                && hasContainers(c.object())
                && c.expect().violations().stream()
                        .allMatch(v -> Rule.byId(v.rule())
                                .map(r -> r.scope() == Rule.Scope.OBJECT)
                                .orElse(false));
        for (boolean dryRun : new boolean[] {true, false}) {
            Answer answer = send(namespace, c.object(), c.operation(), dryRun);
            assertEquals(allowed, answer.accepted(), () -> "the API server's verdict: " + answer);
            if (webhookDenies) {
                assertEquals(422, answer.status().getCode());
                assertEquals(
                        "admission webhook \"validate.daemonsets.dswebhook.dev\" denied the request: "
                                + c.expectedMessage(),
                        answer.status().getMessage());
                List<JsonNode> validate = decisions(namespace, c, "validate", dryRun);
                assertEquals(1, validate.size(), "the API server's own validation passed it to the webhook");
                assertEquals("denied", validate.get(0).path("verdict").asText());
                continue;
            }
            if (!allowed) {
                assertEquals(422, answer.status().getCode());
                assertEquals(
                        ConformanceIT.canonical(apiServerCauses(c)),
                        ConformanceIT.canonical(answer.causes()),
                        "the API server refuses with the case's own causes");
            }
            List<JsonNode> mutate = decisions(namespace, c, "mutate", dryRun);
            List<JsonNode> validate = decisions(namespace, c, "validate", dryRun);
            // The registrations' matchConditions: an UPDATE reaches the mutating webhook only when the
            // spec changed, and the validating webhook only when the spec, labels or annotations did.
            boolean specChanged = !update || changed(c, "/spec");
            boolean judgedChanged =
                    specChanged || changed(c, "/metadata/labels") || changed(c, "/metadata/annotations");
            assertEquals(
                    specChanged ? 1 : 0,
                    mutate.size(),
                    "the mutating webhook runs before the API server's validation: " + mutate);
            if (specChanged) {
                assertEquals(
                        false,
                        mutate.get(0).path("patched").asBoolean(),
                        "the API server defaulted restartPolicy while decoding, so there is nothing to patch");
            }
            assertEquals(
                    allowed && judgedChanged ? 1 : 0,
                    validate.size(),
                    "the validating webhook is called only after the API server's own validation passed: " + validate);
            if (allowed && judgedChanged) {
                assertEquals("allowed", validate.get(0).path("verdict").asText());
            }
        }
    }

    /**
     * Whether an UPDATE case changes the part at this pointer, as the API server sees it: it drops
     * empty lists and maps when it decodes (Go's omitempty), so spelling one out changes nothing.
     */
    private static boolean changed(Case c, String pointer) {
        return !pruned(c.object().at(pointer)).equals(pruned(c.oldObject().at(pointer)));
    }

    private static JsonNode pruned(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = Fixtures.JSON.createObjectNode();
            node.fields().forEachRemaining(e -> {
                JsonNode value = pruned(e.getValue());
                if (!value.isMissingNode()) {
                    out.set(e.getKey(), value);
                }
            });
            return out.isEmpty() ? MissingNode.getInstance() : out;
        }
        if (node.isArray()) {
            ArrayNode out = Fixtures.JSON.createArrayNode();
            for (JsonNode item : node) {
                JsonNode value = pruned(item);
                out.add(value.isMissingNode() ? Fixtures.JSON.createObjectNode() : value);
            }
            return out.isEmpty() ? MissingNode.getInstance() : out;
        }
        return node.isNull() ? MissingNode.getInstance() : node;
    }

    /**
     * The causes the API server gives: the case's, without the webhook's documented extra one, and
     * with the one rule of its own that a case can break and the webhook leaves to it: a pod
     * template needs containers, which the cases without a pod spec lack. The API server checks
     * the pod spec after the template's labels and before the DaemonSet's restart policy.
     */
    private static List<String> apiServerCauses(Case c) {
        JsonNode selector = c.object().path("spec").path("selector");
        List<String> causes = new ArrayList<>();
        for (Case.ExpectedViolation violation : c.expect().violations()) {
            boolean documentedExtra = violation.message().equals(ConformanceIT.MISSING_SELECTOR_CAUSE)
                    && (selector.isMissingNode() || selector.isNull());
            if (!documentedExtra) {
                causes.add(violation.message());
            }
        }
        if (!hasContainers(c.object())) {
            int podSpec = 0;
            while (podSpec < causes.size() && !causes.get(podSpec).startsWith("spec.template.spec.")) {
                podSpec++;
            }
            causes.add(podSpec, NO_CONTAINERS);
        }
        return causes;
    }

    private static final String NO_CONTAINERS = "spec.template.spec.containers: Required value";

    private static boolean hasContainers(JsonNode object) {
        return object.at("/spec/template/spec/containers").size() > 0;
    }

    /**
     * An object the API server cannot decode as a DaemonSet: refused there, before any webhook.
     * Sent as exact bytes, since a typed client cannot even hold some of these (a JSON array).
     */
    private static void malformed(Case c, String namespace) {
        ApiCalls raw = new ApiCalls(client);
        for (boolean dryRun : new boolean[] {true, false}) {
            ApiCalls.Answer answer = raw.create(namespace, inNamespace(c.object(), namespace), dryRun);
            assertEquals(400, answer.code(), () -> answer.toString());
            assertEquals("BadRequest", answer.body().path("reason").asText());
            assertNeverCalled(namespace, c);
        }
    }

    /** Another kind, or another API group: the registrations do not match it. */
    private static void anotherKind(Case c, String namespace, String kind) {
        String apiVersion =
                c.kind().path("group").asText() + "/" + c.kind().path("version").asText();
        ObjectNode object = (ObjectNode) inNamespace(c.object(), namespace);
        object.put("apiVersion", apiVersion);
        try {
            client.genericKubernetesResources(apiVersion, c.kind().path("kind").asText())
                    .inNamespace(namespace)
                    .resource(Fixtures.JSON.treeToValue(object, GenericKubernetesResource.class))
                    .dryRun()
                    .create();
        } catch (KubernetesClientException e) {
            // The API server's own verdict on another kind is none of the webhook's business.
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        assertNeverCalled(namespace, c);
    }

    /** A status update: the registrations name {@code daemonsets}, not {@code daemonsets/status}. */
    private static void statusUpdate(Case c, String namespace) {
        assertTrue(send(namespace, c.oldObject(), "CREATE", false).accepted());
        int before = webhook.decisions().size();
        GenericKubernetesResource object = resource(inNamespace(c.object(), namespace));
        object.setAdditionalProperty("status", java.util.Map.of("observedGeneration", 1));
        daemonSets(namespace).resource(object).updateStatus();
        sentinel(namespace);
        assertEquals(
                List.of(),
                webhook.decisions().subList(before, webhook.decisions().size()).stream()
                        .filter(d -> d.path("name").asText().equals(name(c))
                                && d.path("operation").asText().equals("UPDATE"))
                        .toList(),
                "a status update is never sent");
    }

    /** A DELETE: the registrations take CREATE and UPDATE only. */
    private static void delete(Case c, String namespace) {
        assertTrue(send(namespace, c.oldObject(), "CREATE", false).accepted()
                || c.expect().allowed());
        daemonSets(namespace).withName(name(c)).delete();
        sentinel(namespace);
        assertEquals(
                List.of(),
                webhook.decisions().stream()
                        .filter(d -> d.path("namespace").asText().equals(namespace)
                                && d.path("operation").asText().equals("DELETE"))
                        .toList(),
                "a DELETE is never sent");
    }

    private static void assertNeverCalled(String namespace, Case c) {
        sentinel(namespace);
        assertEquals(
                List.of(),
                webhook.decisions().stream()
                        .filter(d -> d.path("namespace").asText().equals(namespace)
                                && d.path("name").asText().equals(name(c)))
                        .toList(),
                "neither webhook was called");
    }

    /** What the API server answered a write: accepted, or refused with a Status. */
    private record Answer(boolean accepted, Status status) {

        List<String> causes() {
            List<String> out = new ArrayList<>();
            status.getDetails().getCauses().forEach(cause -> out.add(cause.getField() + ": " + cause.getMessage()));
            return out;
        }

        String message() {
            return status == null ? "" : status.getMessage();
        }

        @Override
        public String toString() {
            return accepted ? "accepted" : status.getCode() + " " + status.getMessage();
        }
    }

    /** A create or update through fabric8's generic resource client, which sends the object's JSON as it is. */
    private static Answer send(String namespace, JsonNode object, String operation, boolean dryRun) {
        Resource<GenericKubernetesResource> resource =
                daemonSets(namespace).resource(resource(inNamespace(object, namespace)));
        try {
            if (operation.equals("UPDATE")) {
                (dryRun ? resource.dryRun() : resource).update();
            } else {
                (dryRun ? resource.dryRun() : resource).create();
            }
            return new Answer(true, null);
        } catch (KubernetesClientException e) {
            assertTrue(e.getStatus() != null, () -> "the API server answered with a Status: " + e);
            return new Answer(false, e.getStatus());
        }
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            daemonSets(String namespace) {
        return client.genericKubernetesResources("apps/v1", "DaemonSet").inNamespace(namespace);
    }

    /** The decision lines about this case's object, from one webhook, for writes with this dryRun. */
    private static List<JsonNode> decisions(String namespace, Case c, String hook, boolean dryRun) {
        sentinel(namespace);
        Predicate<JsonNode> about = d -> d.path("namespace").asText().equals(namespace)
                && d.path("name").asText().equals(name(c))
                && d.path("webhook").asText().equals(hook)
                && d.path("operation").asText().equals(c.operation())
                && d.path("dryRun").asBoolean() == dryRun;
        return webhook.decisions().stream().filter(about).toList();
    }

    private static final AtomicInteger SENTINELS = new AtomicInteger();

    /**
     * Sends a good DaemonSet as a dry run and waits for its validating decision. Lines are logged
     * in the order the requests end, so once the sentinel's line is there, every decision about
     * the writes before it is too. Returns whether it arrived.
     */
    private static boolean sentinel(String namespace) {
        ObjectNode probe = (ObjectNode) inNamespace(Fixtures.yaml("objects/fluentd.yaml"), namespace);
        String name = "sentinel-" + SENTINELS.incrementAndGet();
        ((ObjectNode) probe.path("metadata")).put("name", name);
        send(namespace, probe, "CREATE", true);
        return !webhook.awaitDecisions(
                        d -> d.path("name").asText().equals(name)
                                && d.path("webhook").asText().equals("validate")
                                && d.path("namespace").asText().equals(namespace),
                        1)
                .isEmpty();
    }

    static <T extends JsonNode> T inNamespace(T object, String namespace) {
        T copy = object.deepCopy();
        if (copy.path("metadata").isObject()) {
            ((ObjectNode) copy.path("metadata")).put("namespace", namespace);
        }
        return copy;
    }

    private static GenericKubernetesResource resource(JsonNode object) {
        try {
            return Fixtures.JSON.treeToValue(object, GenericKubernetesResource.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Case c) {
        JsonNode object = c.object() != null ? c.object() : c.oldObject();
        return object.path("metadata").path("name").asText();
    }
}
