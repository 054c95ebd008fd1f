package dev.dswebhook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import dev.dswebhook.fixtures.ServerConfig;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fails when k8s/ drifts from the server: paths, ports, probes, mounts, the webhook registrations'
 * safety settings, and the caBundle against the certificate the running server presents.
 */
@QuarkusTest
@Tag("quarkus")
@DisplayName("The manifests in k8s/ match the server")
class ManifestDriftTest {

    static final Path K8S = Path.of("k8s");
    static final Manifests BASE = Manifests.ofKustomization(K8S.resolve("base"));
    static final Map<String, String> PATHS = Map.of(
            "MutatingWebhookConfiguration", WebhookRoutes.MUTATE_PATH,
            "ValidatingWebhookConfiguration", WebhookRoutes.VALIDATE_PATH);

    @Test
    @DisplayName("the default kustomization adds the generated Secret and both caBundles to the base")
    void theDefaultKustomizationAddsTheGeneratedCertificateMaterial() {
        JsonNode kustomization =
                Manifests.read(K8S.resolve("kustomization.yaml")).get(0);
        assertEquals(List.of("base", "generated/tls-secret.yaml"), texts(kustomization.path("resources")));
        List<String> patches = new ArrayList<>();
        kustomization.path("patches").forEach(p -> patches.add(p.path("path").asText()));
        assertEquals(List.of("generated/mutating-ca-bundle.yaml", "generated/validating-ca-bundle.yaml"), patches);
        for (String file : List.of("tls-secret.yaml", "mutating-ca-bundle.yaml", "validating-ca-bundle.yaml")) {
            assertTrue(
                    Files.isRegularFile(K8S.resolve("generated").resolve(file)),
                    "the build renders k8s/generated/" + file);
        }
        for (String kind : PATHS.keySet()) {
            assertEquals(1, BASE.all(kind).size(), kind);
        }
    }

    @Test
    @DisplayName("each webhook calls the server's own endpoint for it")
    void eachWebhookCallsTheServersOwnEndpoint() {
        PATHS.forEach((kind, path) -> {
            for (JsonNode webhook : webhooks(kind)) {
                assertEquals(path, webhook.at("/clientConfig/service/path").asText(), kind);
            }
        });
    }

    @Test
    @DisplayName("each webhook calls the Service on 443, which targets the server's HTTPS port")
    void eachWebhookReachesTheHttpsPort() {
        JsonNode service = BASE.one("Service");
        JsonNode container = BASE.one("Deployment").at("/spec/template/spec/containers/0");
        int httpsPort = Integer.parseInt(ServerConfig.get("quarkus.http.ssl-port"));
        for (JsonNode webhook : allWebhooks()) {
            JsonNode target = webhook.at("/clientConfig/service");
            assertEquals(
                    service.at("/metadata/name").asText(), target.path("name").asText());
            assertEquals(
                    service.at("/metadata/namespace").asText(),
                    target.path("namespace").asText());
            JsonNode port = findByField(
                    service.at("/spec/ports"),
                    "port",
                    String.valueOf(target.path("port").asInt(443)));
            String targetPort = port.path("targetPort").asText();
            JsonNode containerPort = targetPort.matches("\\d+")
                    ? findByField(container.path("ports"), "containerPort", targetPort)
                    : findByField(container.path("ports"), "name", targetPort);
            assertEquals(
                    httpsPort,
                    containerPort.path("containerPort").asInt(),
                    "Service 443 -> container -> quarkus.http.ssl-port");
        }
        assertEquals(
                service.at("/spec/selector"),
                BASE.one("Deployment").at("/spec/template/metadata/labels"),
                "the Service selects the webhook's pods");
    }

    @Test
    @DisplayName("each webhook judges daemonsets on CREATE and UPDATE only, never their subresources")
    void eachWebhookJudgesDaemonSetsOnly() {
        for (JsonNode webhook : allWebhooks()) {
            assertEquals(1, webhook.path("rules").size());
            JsonNode rule = webhook.path("rules").get(0);
            assertEquals(List.of("apps"), texts(rule.path("apiGroups")));
            assertEquals(List.of("v1"), texts(rule.path("apiVersions")));
            assertEquals(
                    List.of("daemonsets"),
                    texts(rule.path("resources")),
                    "not daemonsets/*: /status is written constantly");
            assertEquals(List.of("CREATE", "UPDATE"), texts(rule.path("operations")));
        }
    }

    @Test
    @DisplayName("each webhook is safe to call: no side effects, a short timeout, v1 reviews, a valid name")
    void eachWebhookIsSafeToCall() {
        Set<String> names = new TreeSet<>();
        for (JsonNode webhook : allWebhooks()) {
            String name = webhook.path("name").asText();
            assertTrue(names.add(name), "webhook names are unique: " + name);
            assertTrue(name.split("\\.").length >= 3, "a webhook name has three or more DNS segments: " + name);
            assertTrue(isDnsSubdomain(name), "a valid DNS subdomain: " + name);
            assertEquals("None", webhook.path("sideEffects").asText());
            int timeout = webhook.path("timeoutSeconds").asInt(10);
            assertTrue(timeout >= 1 && timeout <= 30, "timeoutSeconds within 1-30: " + timeout);
            assertTrue(timeout < 10, "well under the 10 s default: " + timeout);
            assertEquals(List.of("v1", "v1beta1"), texts(webhook.path("admissionReviewVersions")));
            assertEquals("Equivalent", webhook.path("matchPolicy").asText());
        }
    }

    @Test
    @DisplayName(
            "the mutating webhook may be reinvoked and fails open; the validating one fails closed but in kube-system")
    void failurePoliciesAreAsDocumented() {
        for (JsonNode webhook : webhooks("MutatingWebhookConfiguration")) {
            assertEquals("IfNeeded", webhook.path("reinvocationPolicy").asText());
            assertEquals("Ignore", webhook.path("failurePolicy").asText());
        }
        for (JsonNode webhook : webhooks("ValidatingWebhookConfiguration")) {
            boolean system = judges(webhook, "kube-system");
            assertEquals(
                    system ? "Ignore" : "Fail",
                    webhook.path("failurePolicy").asText(),
                    webhook.path("name").asText());
        }
    }

    /** Namespaces of every sort: the cluster's own, ordinary ones, and the webhook's. */
    static final List<String> NAMESPACES =
            List.of("kube-system", "kube-public", "kube-node-lease", "default", "monitoring", "daemonset-webhook");

    @Test
    @DisplayName(
            "every namespace but the webhook's own is validated once, and no fail-closed webhook judges kube-system")
    void noWebhookCanBlockTheClusterOrItself() {
        String own = BASE.one("Deployment").at("/metadata/namespace").asText();
        assertEquals(own, BASE.one("Namespace").at("/metadata/name").asText());
        Set<String> system = Set.of("kube-system", "kube-public", "kube-node-lease");
        for (String namespace : NAMESPACES) {
            List<JsonNode> validating = webhooks("ValidatingWebhookConfiguration").stream()
                    .filter(w -> judges(w, namespace))
                    .toList();
            assertEquals(namespace.equals(own) ? 0 : 1, validating.size(), "validating webhooks for " + namespace);
            for (JsonNode webhook : allWebhooks()) {
                if (judges(webhook, namespace)
                        && "Fail".equals(webhook.path("failurePolicy").asText())) {
                    assertFalse(
                            system.contains(namespace) || namespace.equals(own),
                            webhook.path("name") + " fails closed in " + namespace);
                }
            }
            boolean mutated = webhooks("MutatingWebhookConfiguration").stream().anyMatch(w -> judges(w, namespace));
            assertEquals(!system.contains(namespace) && !namespace.equals(own), mutated, "mutated: " + namespace);
        }
    }

    /** Whether a webhook's namespaceSelector selects a namespace, by the label the API server sets on each. */
    static boolean judges(JsonNode webhook, String namespace) {
        try {
            LabelSelector selector = Fixtures.JSON.treeToValue(webhook.path("namespaceSelector"), LabelSelector.class);
            return LabelSelectors.matches(selector, Map.of("kubernetes.io/metadata.name", namespace));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("the webhook's account may only list and watch the kinds its informers watch, and list pods")
    void theAccountIsReadOnly() {
        JsonNode role = BASE.one("ClusterRole");
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (String group : texts(rule.path("apiGroups"))) {
                for (String resource : texts(rule.path("resources"))) {
                    granted.put(group + "/" + resource, Set.copyOf(texts(rule.path("verbs"))));
                }
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        for (ClusterKind kind : ClusterKind.values()) {
            expected.put(
                    kind.group() + "/" + kind.resource(),
                    kind.access() == ClusterKind.Access.WATCHED ? Set.of("list", "watch") : Set.of("list"));
        }
        assertEquals(expected, granted);
        JsonNode binding = BASE.one("ClusterRoleBinding");
        assertEquals(
                role.at("/metadata/name").asText(), binding.at("/roleRef/name").asText());
        assertEquals("ClusterRole", binding.at("/roleRef/kind").asText());
        JsonNode account = BASE.one("ServiceAccount");
        JsonNode subject = binding.path("subjects").get(0);
        assertEquals(1, binding.path("subjects").size());
        assertEquals("ServiceAccount", subject.path("kind").asText());
        assertEquals(account.at("/metadata/name").asText(), subject.path("name").asText());
        assertEquals(
                account.at("/metadata/namespace").asText(),
                subject.path("namespace").asText());
        JsonNode pod = BASE.one("Deployment").at("/spec/template/spec");
        assertEquals(
                account.at("/metadata/name").asText(),
                pod.path("serviceAccountName").asText());
        assertFalse(
                account.path("automountServiceAccountToken").asBoolean(true), "only the webhook's pods get the token");
        assertTrue(pod.path("automountServiceAccountToken").asBoolean(false), "the informers need the token");
    }

    @Test
    @DisplayName("the probes call the health endpoints on the management port")
    void theProbesCallTheManagementHealthEndpoints() {
        JsonNode container = BASE.one("Deployment").at("/spec/template/spec/containers/0");
        int management = Integer.parseInt(ServerConfig.get("quarkus.management.port"));
        assertEquals(
                management,
                findByField(container.path("ports"), "name", "management")
                        .path("containerPort")
                        .asInt());
        Map<String, String> probes = Map.of(
                "livenessProbe",
                "/q/health/live",
                "readinessProbe",
                "/q/health/ready",
                "startupProbe",
                "/q/health/started");
        probes.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(path, get.path("path").asText(), probe);
            assertEquals("management", get.path("port").asText(), probe);
            assertFalse("HTTPS".equals(get.path("scheme").asText()), "probes are plain HTTP: " + probe);
        });
    }

    @Test
    @DisplayName("the pod runs as non-root, read-only, with no capabilities and RuntimeDefault seccomp")
    void thePodIsLockedDown() {
        JsonNode pod = BASE.one("Deployment").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0);
        assertEquals(
                "RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals(List.of("ALL"), texts(container.at("/securityContext/capabilities/drop")));
    }

    @Test
    @DisplayName("two or more replicas spread across nodes, with a disruption budget and resource bounds")
    void theDeploymentSurvivesADrain() {
        JsonNode deployment = BASE.one("Deployment");
        assertTrue(deployment.at("/spec/replicas").asInt() >= 2);
        assertEquals(
                "kubernetes.io/hostname",
                deployment
                        .at("/spec/template/spec/topologySpreadConstraints/0/topologyKey")
                        .asText());
        JsonNode pdb = BASE.one("PodDisruptionBudget");
        assertEquals(deployment.at("/spec/selector"), pdb.at("/spec/selector"));
        assertTrue(pdb.at("/spec/minAvailable").asInt() >= 1);
        JsonNode resources = deployment.at("/spec/template/spec/containers/0/resources");
        for (String bound : List.of("/requests/cpu", "/requests/memory", "/limits/memory")) {
            assertFalse(resources.at(bound).asText().isEmpty(), "resources" + bound);
        }
        // No CPU limit: a quota would throttle the JIT and the collector when the webhook starts
        // or meets a burst, while the API server waits on it (README, Build the image here).
        assertTrue(resources.at("/limits/cpu").isMissingNode(), "no CPU limit");
    }

    @Test
    @DisplayName("the TLS Secret is mounted where the server reads its certificate and key")
    void theSecretIsMountedWhereTheServerReadsIt() throws Exception {
        JsonNode pod = BASE.one("Deployment").at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        JsonNode volume = findByField(pod.path("volumes"), "name", "tls");
        String mountPath = findByField(container.path("volumeMounts"), "name", "tls")
                .path("mountPath")
                .asText();
        JsonNode secret =
                Manifests.ofFile(K8S.resolve("generated/tls-secret.yaml")).one("Secret");
        assertEquals(
                secret.at("/metadata/name").asText(),
                volume.at("/secret/secretName").asText());
        assertEquals(
                BASE.one("Deployment").at("/metadata/namespace").asText(),
                secret.at("/metadata/namespace").asText());
        assertEquals(mountPath + "/tls.crt", env(container, "QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_CERT"));
        assertEquals(mountPath + "/tls.key", env(container, "QUARKUS_TLS_WEBHOOK_KEY_STORE_PEM_0_KEY"));
        String certificateFile = ServerConfig.get("quarkus.tls.webhook.key-store.pem.0.cert");
        assertEquals(
                Files.readString(Path.of(certificateFile)),
                new String(Base64.getDecoder().decode(secret.at("/data/tls.crt").asText())),
                "the generated Secret holds the certificate in " + certificateFile);
    }

    @Test
    @DisplayName("the caBundle verifies the chain the running server presents, for the Service's DNS name")
    void theCaBundleVerifiesTheServersChain() throws Exception {
        JsonNode service = BASE.one("Service");
        String dnsName = service.at("/metadata/name").asText() + "."
                + service.at("/metadata/namespace").asText() + ".svc";
        for (String file : List.of("mutating-ca-bundle.yaml", "validating-ca-bundle.yaml")) {
            JsonNode patch = Manifests.ofFile(K8S.resolve("generated").resolve(file))
                    .all()
                    .get(0);
            for (JsonNode webhook : patch.path("webhooks")) {
                assertEquals(
                        1,
                        BASE.all(patch.path("kind").asText()).stream()
                                .filter(c -> c.path("webhooks")
                                        .toString()
                                        .contains("\"" + webhook.path("name").asText() + "\""))
                                .count(),
                        "the patch names a webhook of the base: "
                                + webhook.path("name").asText());
                byte[] bundle = Base64.getDecoder()
                        .decode(webhook.at("/clientConfig/caBundle").asText());
                X509Certificate presented = handshake(trusting(bundle), dnsName);
                assertTrue(presented.getSubjectAlternativeNames().stream().anyMatch(san -> dnsName.equals(san.get(1))));
            }
            assertEquals(
                    BASE.one(patch.path("kind").asText()).path("webhooks").size(),
                    patch.path("webhooks").size(),
                    "the patch gives every webhook of " + file + " its caBundle");
        }
    }

    @Test
    @DisplayName("the cert-manager overlay injects the CA of a CA-issued certificate for the Service")
    void theCertManagerOverlayInjectsTheCa() {
        Path overlay = K8S.resolve("cert-manager");
        JsonNode kustomization =
                Manifests.read(overlay.resolve("kustomization.yaml")).get(0);
        assertEquals(List.of("../base", "certificates.yaml"), texts(kustomization.path("resources")));
        Manifests certificates = Manifests.ofFile(overlay.resolve("certificates.yaml"));
        JsonNode deployment = BASE.one("Deployment");
        String secretName = findByField(deployment.at("/spec/template/spec/volumes"), "name", "tls")
                .at("/secret/secretName")
                .asText();
        JsonNode serving = certificates.all("Certificate").stream()
                .filter(c -> c.at("/spec/secretName").asText().equals(secretName))
                .findFirst()
                .orElseThrow();
        JsonNode issuer = certificates
                .find("Issuer", serving.at("/spec/issuerRef/name").asText())
                .orElseThrow();
        assertTrue(
                issuer.path("spec").has("ca"),
                "the serving certificate comes from a CA issuer, so renewals keep the CA");
        JsonNode service = BASE.one("Service");
        assertTrue(texts(serving.at("/spec/dnsNames"))
                .contains(service.at("/metadata/name").asText() + "."
                        + service.at("/metadata/namespace").asText() + ".svc"));
        String reference = serving.at("/metadata/namespace").asText() + "/"
                + serving.at("/metadata/name").asText();
        assertEquals(2, kustomization.path("patches").size());
        kustomization.path("patches").forEach(p -> {
            assertTrue(PATHS.containsKey(p.at("/target/kind").asText()));
            assertTrue(p.path("patch").asText().contains("cert-manager.io/inject-ca-from: " + reference), p.toString());
        });
    }

    static List<JsonNode> allWebhooks() {
        List<JsonNode> out = new ArrayList<>();
        PATHS.keySet().forEach(kind -> out.addAll(webhooks(kind)));
        return out;
    }

    static List<JsonNode> webhooks(String kind) {
        List<JsonNode> out = new ArrayList<>();
        BASE.one(kind).path("webhooks").forEach(out::add);
        assertFalse(out.isEmpty(), kind + " has webhooks");
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static JsonNode findByField(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + array);
    }

    static String env(JsonNode container, String name) {
        return findByField(container.path("env"), "name", name).path("value").asText();
    }

    static boolean isDnsSubdomain(String name) {
        return name.length() <= 253 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    }

    static SSLContext trusting(byte[] pemBundle) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate ca :
                CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pemBundle))) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        assertTrue(i > 0, "the caBundle holds at least one certificate");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** A handshake with the test server that verifies its chain and the host name {@code dnsName}. */
    static X509Certificate handshake(SSLContext context, String dnsName) throws Exception {
        try (Socket plain = new Socket("localhost", WebhookServer.port());
                SSLSocket socket = (SSLSocket)
                        context.getSocketFactory().createSocket(plain, dnsName, WebhookServer.port(), true)) {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
