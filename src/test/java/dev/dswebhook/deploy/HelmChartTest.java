package dev.dswebhook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import dev.dswebhook.fixtures.Chart;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, linted and rendered by Helm's own library: with its defaults it is the
 * kustomization (a drift test over every object), its certificate is sound, and each option in
 * {@code fixtures/chart-cases.yaml} renders what it says.
 */
@DisplayName("The Helm chart")
class HelmChartTest {

    @Test
    @DisplayName("passes helm lint --strict")
    void passesHelmLintStrict() {
        LintResult lint = Chart.lint();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        assertTrue(
                lint.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                String.join("\n", lint.getMessages()));
    }

    @Test
    @DisplayName(
            "with its defaults renders every object of k8s/base as it is there, and only its certificate Secret besides")
    void withItsDefaultsRendersTheKustomization() {
        Manifests chart = Chart.render(Map.of("createNamespace", true));
        Manifests base = Manifests.ofKustomization(Path.of("k8s", "base"));
        List<String> matched = new ArrayList<>();
        for (JsonNode expected : base.all()) {
            String kind = expected.path("kind").asText();
            String name = expected.at("/metadata/name").asText();
            JsonNode rendered = chart.find(kind, name)
                    .orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name));
            assertEquals(expected, comparable(rendered), kind + " " + name);
            matched.add(kind + "/" + name);
        }
        List<String> extra = chart.all().stream()
                .map(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText())
                .filter(o -> !matched.contains(o))
                .toList();
        assertEquals(List.of("Secret/daemonset-webhook-tls"), extra);
    }

    @Test
    @DisplayName("with cert-manager renders the issuers and certificates of k8s/cert-manager as they are there")
    void withCertManagerRendersTheCertManagerKustomization() {
        Manifests chart = Chart.render(Map.of("certificates.source", "cert-manager"));
        List<JsonNode> expected = Manifests.read(Path.of("k8s", "cert-manager", "certificates.yaml"));
        assertEquals(4, expected.size());
        assertRendersAsTheyAre(chart, expected);
    }

    @ParameterizedTest(name = "with {0} on renders the objects of k8s/components/{1} as they are there")
    @CsvSource({
        "'monitoring.serviceMonitor.enabled,monitoring.prometheusRule.enabled', monitoring, 2",
        "networkPolicy.enabled, network-policy, 1"
    })
    void withAnOptionOnRendersItsKustomizeComponent(String options, String component, int objects) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String option : options.split(",")) {
            values.put(option, true);
        }
        Manifests chart = Chart.render(values);
        Manifests expected = Manifests.ofKustomization(Path.of("k8s", "components", component));
        assertEquals(objects, expected.all().size());
        assertRendersAsTheyAre(chart, expected.all());
    }

    /** Each object is in the chart's output, the same but for the labels every chart adds. */
    private static void assertRendersAsTheyAre(Manifests chart, List<JsonNode> expected) {
        for (JsonNode object : expected) {
            String kind = object.path("kind").asText();
            String name = object.at("/metadata/name").asText();
            assertEquals(
                    object,
                    Chart.withoutHelmLabels(chart.find(kind, name)
                            .orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name))),
                    kind + " " + name);
        }
    }

    @Test
    @DisplayName("with the dashboard on ships files/dashboard.json as it is, for Grafana's sidecar")
    void withTheDashboardOnShipsItForGrafana() throws Exception {
        JsonNode configMap = Chart.render(Map.of("monitoring.dashboard.enabled", true))
                .find("ConfigMap", "daemonset-webhook-dashboard")
                .orElseThrow();
        assertEquals("1", configMap.at("/metadata/labels/grafana_dashboard").asText());
        assertEquals(
                Fixtures.JSON.readTree(
                        Chart.DIR.resolve("files").resolve("dashboard.json").toFile()),
                Fixtures.JSON.readTree(
                        configMap.at("/data/daemonset-webhook.json").asText()));
    }

    @Test
    @DisplayName("makes one CA for both registrations and a serving certificate it signed for the Service's names")
    void makesOneCaAndAServingCertificateForTheService() throws Exception {
        Manifests chart = Chart.render(Map.of());
        JsonNode secret = chart.find("Secret", "daemonset-webhook-tls").orElseThrow();
        assertEquals("kubernetes.io/tls", secret.path("type").asText());
        String ca = secret.at("/data/ca.crt").asText();
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            for (JsonNode webhook : chart.one(kind).path("webhooks")) {
                assertEquals(ca, webhook.at("/clientConfig/caBundle").asText(), kind);
            }
        }
        X509Certificate caCert = certificate(ca);
        X509Certificate serving = certificate(secret.at("/data/tls.crt").asText());
        serving.verify(caCert.getPublicKey());
        assertEquals("EC", serving.getPublicKey().getAlgorithm());
        List<String> names = serving.getSubjectAlternativeNames().stream()
                .map(n -> n.get(1).toString())
                .toList();
        assertTrue(names.contains("daemonset-webhook.daemonset-webhook.svc"), names.toString());
        assertTrue(names.contains("daemonset-webhook.daemonset-webhook.svc.cluster.local"), names.toString());
        assertTrue(
                new String(Base64.getDecoder().decode(secret.at("/data/tls.key").asText()))
                        .startsWith("-----BEGIN EC PRIVATE KEY-----"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersWhatEachOptionSays(Map<String, Object> values, JsonNode expectations, String fails) {
        if (fails != null) {
            Exception refused = assertThrows(Exception.class, () -> Chart.render(values));
            assertTrue(refused.getMessage().contains(fails), refused.getMessage());
            return;
        }
        Manifests chart = Chart.render(values);
        for (JsonNode expect : expectations) {
            String kind = expect.path("kind").asText();
            String name = expect.path("name").asText();
            var object = chart.find(kind, name);
            if (expect.path("absent").asBoolean()) {
                assertTrue(object.isEmpty(), kind + " " + name + " is not rendered");
                continue;
            }
            JsonNode found = object.orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name))
                    .at(expect.path("at").asText());
            JsonNode is = expect.path("is");
            if (is.isNull()) {
                assertTrue(found.isMissingNode(), expect + ": " + found);
            } else {
                assertEquals(
                        is.isTextual() ? is.asText() : is.toString(),
                        found.isTextual() ? found.asText() : found.toString(),
                        expect.toString());
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Fixtures.yaml("chart-cases.yaml")) {
            Map<String, Object> values = new LinkedHashMap<>();
            c.path("set").fields().forEachRemaining(e -> values.put(e.getKey(), value(e.getValue())));
            out.add(Arguments.of(
                    Named.of(c.path("name").asText(), values),
                    c.path("expect"),
                    c.hasNonNull("fails") ? c.path("fails").asText() : null));
        }
        return out.stream();
    }

    private static Object value(JsonNode node) {
        return node.isBoolean() ? node.asBoolean() : node.isInt() ? node.asInt() : node.asText();
    }

    /** The chart's object as the kustomization writes it: no Helm labels, no certificate material. */
    private static JsonNode comparable(JsonNode rendered) {
        JsonNode copy = Chart.withoutHelmLabels(rendered);
        for (JsonNode webhook : copy.path("webhooks")) {
            ((ObjectNode) webhook.path("clientConfig")).remove("caBundle");
        }
        return copy;
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }
}
