package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Chart;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.http.WebhookRoutes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The monitoring objects against the real thing: the kustomize component's ServiceMonitor and
 * PrometheusRule are accepted by prometheus-operator's own definitions, and every metric the
 * alerts, their promtool tests and the Grafana dashboard name is one that the webhook (watching a
 * real API server) or the API server itself exports.
 */
@DisplayName("The monitoring objects, against a real API server and a real scrape")
class MonitoringIT {

    /** Prometheus' own per-target series, which no exporter serves. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private static ControlPlane controlPlane;
    private static Kubectl kubectl;
    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.shared();
        kubectl = controlPlane.kubectl();
        Crds.prometheusOperator(kubectl);
        webhook = PackagedWebhook.builder()
                .setting("webhook.cluster.enabled", "true")
                .setting(
                        "kubeconfig", controlPlane.kubeconfig().toAbsolutePath().toString())
                .start();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
        if (kubectl != null) {
            kubectl.run("delete", "validatingwebhookconfiguration", "monitoring-probe", "--ignore-not-found")
                    .ok();
        }
    }

    @Test
    @DisplayName(
            "the kustomize component's ServiceMonitor and PrometheusRule are accepted by prometheus-operator's definitions")
    void theComponentIsAccepted() throws IOException {
        controlPlane.namespace("daemonset-webhook");
        // A component is applied through a kustomization that takes it in.
        Path dir = Files.createTempDirectory(Path.of("target"), "monitoring-");
        Path component = Path.of("k8s", "components", "monitoring").toAbsolutePath();
        Files.writeString(
                dir.resolve("kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - "
                        + dir.toAbsolutePath().relativize(component) + "\n");
        String applied = kubectl.run("apply", "-k", dir.toString()).ok();
        assertTrue(applied.contains("servicemonitor.monitoring.coreos.com/daemonset-webhook"), applied);
        assertTrue(applied.contains("prometheusrule.monitoring.coreos.com/daemonset-webhook"), applied);
    }

    @Test
    @DisplayName(
            "every metric the alerts, their tests and the dashboard name is exported by the webhook or the API server")
    void everyNamedMetricIsExported() throws IOException {
        Set<String> named = new TreeSet<>();
        Manifests.read(Path.of("k8s", "components", "monitoring", "prometheusrule.yaml"))
                .get(0)
                .at("/spec/groups")
                .forEach(group -> group.path("rules")
                        .forEach(rule ->
                                named.addAll(names(METRIC, rule.path("expr").asText()))));
        for (JsonNode test : Fixtures.yaml("alerts-test.yaml").path("tests")) {
            test.path("input_series")
                    .forEach(s -> named.addAll(names(SERIES, s.path("series").asText())));
        }
        JsonNode dashboard = Fixtures.JSON.readTree(
                Chart.DIR.resolve("files").resolve("dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> named.addAll(names(METRIC, e.asText())));
        dashboard.findValues("query").forEach(q -> named.addAll(names(LABEL_VALUES, q.toString())));
        named.removeAll(PROMETHEUS_OWN);
        assertTrue(named.size() > 15, named.toString());

        Set<String> exported = new TreeSet<>();
        // Request counters exist per label set from the first review that has them on.
        byte[] review = Files.readAllBytes(Path.of("src", "test", "resources", "reviews", "fluentd-create.json"));
        for (String path : List.of(WebhookRoutes.MUTATE_PATH, WebhookRoutes.VALIDATE_PATH)) {
            assertEquals(200, webhook.post(webhook.client(), path, review).statusCode(), path);
        }
        awaitClusterMetrics();
        exported.addAll(scraped(webhook.management("/q/metrics").body()));
        provokeFailedCalls();
        exported.addAll(scraped(controlPlane.client().raw(controlPlane.client().getMasterUrl() + "metrics")));

        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "named but not exported");
    }

    private static void awaitClusterMetrics() {
        Registrations.await(
                "the webhook reports its caches",
                Duration.ofSeconds(60),
                () -> webhook.management("/q/metrics").body().contains("daemonset_webhook_cluster_watching{"));
    }

    /**
     * The API server counts a webhook's failed calls from the first one on: a fail-closed and a
     * fail-open registration pointing at a closed port make it count both kinds.
     */
    private static void provokeFailedCalls() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String namespace = controlPlane.namespace("monitoring-probe");
        String registration = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: monitoring-probe
                webhooks:
                """;
        for (String[] webhookAndPolicy : new String[][] {{"closed", "Fail"}, {"open", "Ignore"}}) {
            registration += """
                      - name: probe-%s.daemonsets.dswebhook.dev
                        admissionReviewVersions: ["v1"]
                        sideEffects: None
                        failurePolicy: %s
                        timeoutSeconds: 1
                        clientConfig:
                          url: https://127.0.0.1:%d/validate
                        rules:
                          - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["daemonsets"], operations: ["CREATE"]}
                        namespaceSelector:
                          matchLabels: {kubernetes.io/metadata.name: %s}
                    """.formatted(webhookAndPolicy[0], webhookAndPolicy[1], closed, namespace);
        }
        kubectl.withInput(registration, "apply", "-f", "-").ok();
        ApiCalls api = new ApiCalls(controlPlane.client());
        Registrations.await("the API server counts failed webhook calls", Duration.ofSeconds(30), () -> {
            ObjectNode daemonSet = ShippedManifestsIT.fluentd(namespace);
            api.create(namespace, daemonSet, true);
            String metrics = controlPlane.client().raw(controlPlane.client().getMasterUrl() + "metrics");
            return metrics.contains("apiserver_admission_webhook_fail_open_count{")
                    && metrics.contains("error_type=\"calling_webhook_error\"");
        });
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> out = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            out.add(matcher.group(1));
        }
        return out;
    }

    private static Set<String> scraped(String exposition) {
        Set<String> out = new TreeSet<>();
        exposition
                .lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> out.add(line.split("[{ ]", 2)[0]));
        return out;
    }
}
