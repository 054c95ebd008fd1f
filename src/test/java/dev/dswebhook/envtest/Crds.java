package dev.dswebhook.envtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The custom resource definitions of other projects in {@code src/test/resources/crds}, applied to the API server. */
final class Crds {

    private Crds() {}

    /** Applies prometheus-operator's ServiceMonitor and PrometheusRule definitions and waits until they serve. */
    static void prometheusOperator(Kubectl kubectl) {
        apply(
                kubectl,
                "prometheus-operator",
                "servicemonitors.monitoring.coreos.com",
                "prometheusrules.monitoring.coreos.com");
    }

    /** Applies cert-manager's Certificate and Issuer definitions and waits until they serve. */
    static void certManager(Kubectl kubectl) {
        apply(kubectl, "cert-manager", "certificates.cert-manager.io", "issuers.cert-manager.io");
    }

    private static void apply(Kubectl kubectl, String project, String... names) {
        Path dir = Path.of("src", "test", "resources", "crds", project);
        kubectl.run("apply", "--server-side", "-f", dir.toString()).ok();
        List<String> wait = new ArrayList<>(List.of("wait", "--for=condition=Established", "--timeout=60s"));
        for (String name : names) {
            wait.add("crd/" + name);
        }
        kubectl.run(wait.toArray(String[]::new)).ok();
    }
}
