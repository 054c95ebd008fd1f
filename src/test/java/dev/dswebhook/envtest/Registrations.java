package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.PackagedWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The webhook registrations of {@code k8s/} on a control plane: applied as shipped, or through
 * the {@code k8s/overlays/local-url/} overlay pointed at a packaged server on loopback.
 */
public final class Registrations {

    /** The name both registrations share. */
    public static final String NAME = "daemonset-webhook";

    /** The address the overlay is written for; the tier swaps in the port its server listens on. */
    static final String OVERLAY_ADDRESS = "https://127.0.0.1:8443/";

    private Registrations() {}

    /**
     * {@code kubectl kustomize k8s/overlays/local-url/}, pointed at {@code webhook}'s port, and
     * optionally changed further, for example to speak only v1beta1.
     */
    public static String localUrl(Kubectl kubectl, PackagedWebhook webhook) {
        String rendered = kubectl.kustomize(Path.of("k8s", "overlays", "local-url"));
        assertTrue(rendered.contains(OVERLAY_ADDRESS), "the overlay points at " + OVERLAY_ADDRESS + ":\n" + rendered);
        return rendered.replace(OVERLAY_ADDRESS, webhook.baseUrl() + "/");
    }

    /** Applies registrations with {@code kubectl apply -f -}. */
    public static void apply(Kubectl kubectl, String manifests) {
        kubectl.withInput(manifests, "apply", "-f", "-").ok();
    }

    /** Deletes both registrations, if present. */
    public static void remove(KubernetesClient client) {
        client.admissionRegistration()
                .v1()
                .mutatingWebhookConfigurations()
                .withName(NAME)
                .delete();
        client.admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName(NAME)
                .delete();
        await(
                "both registrations are gone",
                Duration.ofSeconds(10),
                () -> client.admissionRegistration()
                                        .v1()
                                        .mutatingWebhookConfigurations()
                                        .withName(NAME)
                                        .get()
                                == null
                        && client.admissionRegistration()
                                        .v1()
                                        .validatingWebhookConfigurations()
                                        .withName(NAME)
                                        .get()
                                == null);
    }

    /** Waits for a condition, such as a registration taking effect in the API server's admission chain. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            PackagedWebhook.sleep(50);
        }
    }
}
