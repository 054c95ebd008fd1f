package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.PackagedWebhook;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The registrations of {@code k8s/overlays/local-url/}, calling the packaged server on loopback
 * from a real API server: the replies are accepted, dry runs reach the webhook as such, the
 * failure policies do what the README says, the system namespaces are only validated, and a
 * registration that speaks only v1beta1 works.
 */
@DisplayName("The webhook registered with a real API server")
class RegistrationIT {

    private static final String NAMESPACE = "registration";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ControlPlane controlPlane;
    private static Kubectl kubectl;
    private static ApiCalls api;
    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.shared();
        kubectl = controlPlane.kubectl();
        api = new ApiCalls(controlPlane.client());
        controlPlane.namespace(NAMESPACE);
        webhook = PackagedWebhook.start();
    }

    @BeforeEach
    void register() {
        webhook.restartIfStopped();
        Registrations.apply(kubectl, Registrations.localUrl(kubectl, webhook));
        awaitJudged();
    }

    @AfterEach
    void unregister() {
        Registrations.remove(controlPlane.client());
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
    }

    @Test
    @DisplayName("a DaemonSet that keeps the rules is stored after both webhooks allowed it, with nothing to patch")
    void aGoodDaemonSetIsStoredAfterBothWebhooksAllowedIt() {
        ObjectNode daemonSet = daemonSet();
        String name = name(daemonSet);
        ApiCalls.Answer created = api.create(NAMESPACE, daemonSet, false);
        assertEquals(201, created.code(), created.toString());
        JsonNode mutate = one(name, "mutate");
        JsonNode validate = one(name, "validate");
        assertEquals("allowed", mutate.path("verdict").asText());
        // The API server defaulted restartPolicy while decoding, before any webhook ran.
        assertFalse(mutate.path("patched").asBoolean(), mutate.toString());
        assertEquals("allowed", validate.path("verdict").asText());
        assertEquals("admission.k8s.io/v1", validate.path("reviewVersion").asText(), "v1 is preferred when offered");
        assertEquals(false, validate.path("dryRun").asBoolean());
        assertEquals(
                "Always", created.body().at("/spec/template/spec/restartPolicy").asText());
    }

    @Test
    @DisplayName("kubectl apply --dry-run=server reaches both webhooks as a dry run and stores nothing")
    void aServerSideDryRunReachesTheWebhooksAsADryRun() {
        ObjectNode daemonSet = daemonSet();
        String name = name(daemonSet);
        String out = kubectl.withInput(daemonSet.toString(), "apply", "--dry-run=server", "-f", "-")
                .ok();
        assertTrue(out.contains("daemonset.apps/" + name + " created (server dry run)"), out);
        assertTrue(one(name, "mutate").path("dryRun").asBoolean());
        assertTrue(one(name, "validate").path("dryRun").asBoolean());
        assertEquals(404, api.get(NAMESPACE, name).code(), "a dry run stores nothing");
    }

    @Test
    @DisplayName("an UPDATE reaches the validating webhook with the stored object as the old object")
    void anUpdateReachesTheWebhookWithTheOldObject() {
        ObjectNode daemonSet = daemonSet();
        String name = name(daemonSet);
        assertEquals(201, api.create(NAMESPACE, daemonSet, false).code());
        ((ObjectNode) daemonSet.at("/spec/template/metadata/labels")).put("tier", "logging");
        ApiCalls.Answer updated = api.update(NAMESPACE, name, daemonSet, false);
        assertEquals(200, updated.code(), updated.toString());
        List<JsonNode> validations = webhook.awaitDecisions(updateOf(name, "validate"), 1);
        assertEquals(1, validations.size(), webhook.decisions().toString());
        assertEquals("allowed", validations.get(0).path("verdict").asText());
    }

    @Test
    @DisplayName(
            "an UPDATE that changes only finalizers reaches neither webhook, and one that changes a label reaches the validating webhook alone")
    void matchConditionsSkipUpdatesThatChangeNothingJudged() {
        ObjectNode daemonSet = daemonSet();
        String name = name(daemonSet);
        assertEquals(201, api.create(NAMESPACE, daemonSet, false).code());
        ((ObjectNode) daemonSet.path("metadata")).putArray("finalizers").add("dswebhook.dev/test");
        assertEquals(200, api.update(NAMESPACE, name, daemonSet, false).code());
        ((ObjectNode) daemonSet.path("metadata")).putArray("finalizers");
        ((ObjectNode) daemonSet.path("metadata")).putObject("labels").put("team", "logging");
        assertEquals(200, api.update(NAMESPACE, name, daemonSet, false).code());
        // Decisions are logged in order: once the label change is, the finalizer change would be too.
        List<JsonNode> validations = webhook.awaitDecisions(updateOf(name, "validate"), 1);
        assertEquals(1, validations.size(), webhook.decisions().toString());
        assertEquals(
                List.of(),
                webhook.decisions().stream().filter(updateOf(name, "mutate")).toList(),
                "the spec never changed, so the mutating webhook was never called on UPDATE");
    }

    @Test
    @DisplayName(
            "kube-system and its like are validated but never mutated, and the webhook's own namespace is never sent")
    void systemNamespacesAreValidatedAndTheOwnOneNeverSent() {
        controlPlane.namespace("daemonset-webhook");
        for (String namespace : List.of("kube-system", "kube-public", "kube-node-lease", "daemonset-webhook")) {
            ObjectNode daemonSet = daemonSet();
            ((ObjectNode) daemonSet.path("metadata")).put("namespace", namespace);
            assertTrue(api.create(namespace, daemonSet, true).accepted(), namespace);
            // A write that is sent afterwards is logged after it; so once it is, the first would be too.
            awaitJudged();
            List<String> webhooks = webhook.decisions().stream()
                    .filter(d -> d.path("namespace").asText().equals(namespace))
                    .map(d -> d.path("webhook").asText())
                    .toList();
            assertEquals(namespace.equals("daemonset-webhook") ? List.of() : List.of("validate"), webhooks, namespace);
        }
    }

    @Test
    @DisplayName("with the webhook down, the validating webhook fails closed with the API server's message")
    void withTheWebhookDownTheValidatingWebhookFailsClosed() {
        webhook.stop();
        ApiCalls.Answer refused = api.create(NAMESPACE, daemonSet(), false);
        assertEquals(500, refused.code(), refused.toString());
        assertTrue(
                refused.message()
                        .startsWith(
                                "Internal error occurred: failed calling webhook \"validate.daemonsets.dswebhook.dev\": "
                                        + "failed to call webhook: Post \"" + webhook.baseUrl()
                                        + "/validate-apps-v1-daemonset?timeout=3s\""),
                refused.message());
    }

    @Test
    @DisplayName(
            "with the webhook down, the mutating webhook fails open: without the validating one, writes go through")
    void withTheWebhookDownTheMutatingWebhookFailsOpen() {
        controlPlane
                .client()
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(Registrations.NAME)
                .delete();
        webhook.stop();
        ObjectNode daemonSet = daemonSet();
        Registrations.await(
                "only the mutating registration is left",
                Duration.ofSeconds(10),
                () -> api.create(NAMESPACE, daemonSet, true).accepted());
        ApiCalls.Answer created = api.create(NAMESPACE, daemonSet, false);
        assertEquals(201, created.code(), created.toString());
    }

    @Test
    @DisplayName("registrations that offer only admission.k8s.io/v1beta1 are answered in v1beta1")
    void aV1beta1OnlyRegistrationWorks() {
        Registrations.apply(
                kubectl, Registrations.localUrl(kubectl, webhook).replace("  - v1\n  - v1beta1\n", "  - v1beta1\n"));
        ObjectNode broken = daemonSet();
        String name = name(broken);
        ((ObjectNode) broken.at("/spec/template/spec")).put("restartPolicy", "OnFailure");
        ((ObjectNode) broken.at("/spec/template/metadata/labels")).put("name", "other");
        Registrations.await("the v1beta1 registration is in force", Duration.ofSeconds(10), () -> {
            ObjectNode probe = daemonSet();
            api.create(NAMESPACE, probe, true);
            return webhook.decisionsAbout(NAMESPACE, name(probe), "validate").stream()
                    .anyMatch(d -> d.path("reviewVersion").asText().equals("admission.k8s.io/v1beta1"));
        });
        ApiCalls.Answer refused = api.create(NAMESPACE, broken, false);
        // The API server's own validation refuses this first, with the webhook's very words.
        assertEquals(422, refused.code(), refused.toString());
        JsonNode mutate = one(name, "mutate");
        assertEquals("admission.k8s.io/v1beta1", mutate.path("reviewVersion").asText());
    }

    /** Waits until the registrations are in force: a probe dry run reaches the validating webhook. */
    private static void awaitJudged() {
        Registrations.await("the webhooks are called", Duration.ofSeconds(15), () -> {
            ObjectNode probe = daemonSet();
            api.create(NAMESPACE, probe, true);
            return !webhook.decisionsAbout(NAMESPACE, name(probe), "validate").isEmpty();
        });
    }

    /** The decision the given webhook made about an object, waiting briefly for the log. */
    private static JsonNode one(String name, String hook) {
        List<JsonNode> found = webhook.awaitDecisions(
                d -> d.path("name").asText().equals(name)
                        && d.path("webhook").asText().equals(hook),
                1);
        assertEquals(1, found.size(), hook + " decided about " + name + " once: " + found);
        return found.get(0);
    }

    private static ObjectNode daemonSet() {
        ObjectNode daemonSet = ShippedManifestsIT.fluentd(NAMESPACE);
        ((ObjectNode) daemonSet.path("metadata")).put("name", "fluentd-" + NAMES.incrementAndGet());
        return daemonSet;
    }

    /** A decision of one webhook on an UPDATE of the named DaemonSet. */
    private static Predicate<JsonNode> updateOf(String name, String hook) {
        return d -> d.path("name").asText().equals(name)
                && d.path("webhook").asText().equals(hook)
                && d.path("operation").asText().equals("UPDATE");
    }

    private static String name(JsonNode daemonSet) {
        return daemonSet.path("metadata").path("name").asText();
    }
}
