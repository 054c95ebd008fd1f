package dev.dswebhook.envtest;

import java.nio.file.Path;

/** The custom resource definitions of other projects in {@code src/test/resources/crds}, applied to the API server. */
final class Crds {

    private Crds() {}

    /** Applies prometheus-operator's ServiceMonitor and PrometheusRule definitions and waits until they serve. */
    static void prometheusOperator(Kubectl kubectl) {
        Path dir = Path.of("src", "test", "resources", "crds", "prometheus-operator");
        kubectl.run("apply", "--server-side", "-f", dir.toString()).ok();
        kubectl.run(
                        "wait",
                        "--for=condition=Established",
                        "--timeout=60s",
                        "crd/servicemonitors.monitoring.coreos.com",
                        "crd/prometheusrules.monitoring.coreos.com")
                .ok();
    }
}
