package dev.dswebhook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The manifests quarkus-kubernetes generates at package time agree with k8s/, the source of truth,
 * on everything that decides whether the webhook is reachable: names, ports, probes, mounts and
 * the TLS paths. It runs after packaging because that is when the extension writes them.
 */
@DisplayName("quarkus-kubernetes output agrees with k8s/")
class GeneratedManifestsIT {

    static final Manifests SOURCE = Manifests.ofKustomization(Path.of("k8s", "base"));
    static final Path GENERATED_FILE = Path.of("target", "kubernetes", "kubernetes.yml");

    static Manifests generated() {
        assertTrue(Files.isRegularFile(GENERATED_FILE), "the build generates " + GENERATED_FILE);
        return Manifests.ofFile(GENERATED_FILE);
    }

    @Test
    @DisplayName("the Deployment has the same name, namespace and replica count")
    void theDeploymentIsTheSame() {
        JsonNode source = SOURCE.one("Deployment");
        JsonNode generated = generated().one("Deployment");
        for (String field : List.of("/metadata/name", "/metadata/namespace", "/spec/replicas")) {
            assertEquals(source.at(field), generated.at(field), field);
        }
    }

    @Test
    @DisplayName("the HTTPS and management ports are the same, and the Service maps 443 to HTTPS")
    void thePortsAreTheSame() {
        JsonNode sourceContainer = SOURCE.one("Deployment").at("/spec/template/spec/containers/0");
        JsonNode generatedContainer = generated().one("Deployment").at("/spec/template/spec/containers/0");
        for (String port : List.of("https", "management")) {
            assertEquals(
                    ManifestDriftTest.findByField(sourceContainer.path("ports"), "name", port)
                            .path("containerPort"),
                    ManifestDriftTest.findByField(generatedContainer.path("ports"), "name", port)
                            .path("containerPort"),
                    port);
        }
        int https = ManifestDriftTest.findByField(sourceContainer.path("ports"), "name", "https")
                .path("containerPort")
                .asInt();
        JsonNode generatedServicePort =
                ManifestDriftTest.findByField(generated().one("Service").at("/spec/ports"), "name", "https");
        assertEquals(443, generatedServicePort.path("port").asInt());
        assertEquals(https, generatedServicePort.path("targetPort").asInt());
        JsonNode sourceServicePort =
                ManifestDriftTest.findByField(SOURCE.one("Service").at("/spec/ports"), "name", "https");
        assertEquals(443, sourceServicePort.path("port").asInt());
    }

    @Test
    @DisplayName("the probes call the same health paths on the same port")
    void theProbesAreTheSame() {
        JsonNode sourceContainer = SOURCE.one("Deployment").at("/spec/template/spec/containers/0");
        JsonNode generatedContainer = generated().one("Deployment").at("/spec/template/spec/containers/0");
        int management = ManifestDriftTest.findByField(sourceContainer.path("ports"), "name", "management")
                .path("containerPort")
                .asInt();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals(
                    sourceContainer.at("/" + probe + "/httpGet/path"),
                    generatedContainer.at("/" + probe + "/httpGet/path"),
                    probe);
            assertEquals(
                    management,
                    generatedContainer.at("/" + probe + "/httpGet/port").asInt(),
                    probe);
        }
    }

    @Test
    @DisplayName("the same Secret is mounted at the same path, and the server is told the same TLS files")
    void theTlsMountIsTheSame() {
        JsonNode source = SOURCE.one("Deployment").at("/spec/template/spec");
        JsonNode generated = generated().one("Deployment").at("/spec/template/spec");
        assertEquals(
                ManifestDriftTest.findByField(source.path("volumes"), "name", "tls")
                        .at("/secret/secretName"),
                ManifestDriftTest.findByField(generated.path("volumes"), "name", "tls")
                        .at("/secret/secretName"));
        assertEquals(
                ManifestDriftTest.findByField(source.at("/containers/0/volumeMounts"), "name", "tls")
                        .path("mountPath"),
                ManifestDriftTest.findByField(generated.at("/containers/0/volumeMounts"), "name", "tls")
                        .path("mountPath"));
        for (String env :
                List.of("QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_CERT", "QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_KEY")) {
            assertEquals(
                    ManifestDriftTest.env(source.at("/containers/0"), env),
                    ManifestDriftTest.env(generated.at("/containers/0"), env),
                    env);
        }
    }
}
