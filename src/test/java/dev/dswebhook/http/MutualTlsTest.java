package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Pem;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.fixtures.SecretVolume;
import dev.dswebhook.fixtures.Shell;
import dev.dswebhook.fixtures.WebhookServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Optional mutual TLS: with it on, only a client certificate from the configured CA gets an answer. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(MutualTlsTest.Profile.class)
@DisplayName("Mutual TLS, when switched on")
class MutualTlsTest {

    static final Path ROOT = Path.of("target", "test-certs", "mtls");
    static final Path SERVER_CA = Path.of("certs", "ca.crt");
    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");

    /** Requires a client certificate signed by the "apiserver" client CA. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ClientCertificates.class));
        }
    }

    /** A client CA the server trusts, one it does not, and a client certificate from each. */
    public static class ClientCertificates implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            SecretVolume.delete(ROOT);
            Shell.run(
                    "bash",
                    "src/test/resources/client-cert.sh",
                    ROOT.resolve("apiserver").toString(),
                    "kube-apiserver");
            Shell.run(
                    "bash",
                    "src/test/resources/client-cert.sh",
                    ROOT.resolve("stranger").toString(),
                    "stranger");
            return Map.of(
                    "webhook.tls.client-auth",
                    "required",
                    "quarkus.tls.webhook.trust-store.pem.certs",
                    ROOT.resolve("apiserver/client-ca.crt").toString());
        }

        @Override
        public void stop() {}
    }

    @Test
    @DisplayName("a client certificate from the configured CA gets the usual answer")
    void aTrustedClientCertificateGetsTheUsualAnswer() throws Exception {
        ObjectNode request = FLUENTD.review("admission.k8s.io/v1", "mtls-trusted");
        HttpResponse<byte[]> response = send(client("apiserver"), request);
        assertEquals(200, response.statusCode());
        ReplyAssertions.assertMutateReply(FLUENTD, request, Fixtures.JSON.readTree(response.body()));
    }

    @Test
    @DisplayName("a client without a certificate is refused during the handshake")
    void aClientWithoutACertificateIsRefused() {
        SSLContext anonymous = Pem.context(List.of(SERVER_CA), null, null);
        assertThrows(IOException.class, () -> send(anonymous, FLUENTD.review("admission.k8s.io/v1", "mtls-none")));
    }

    @Test
    @DisplayName("a client certificate from another CA is refused during the handshake")
    void aClientCertificateFromAnotherCaIsRefused() {
        assertThrows(
                IOException.class,
                () -> send(client("stranger"), FLUENTD.review("admission.k8s.io/v1", "mtls-stranger")));
    }

    @Test
    @DisplayName("health probes on the management port need no client certificate")
    void probesNeedNoClientCertificate() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + dev.dswebhook.fixtures.Management.port()
                                        + "/q/health/live"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    static SSLContext client(String name) {
        Path dir = ROOT.resolve(name);
        return Pem.context(List.of(SERVER_CA), dir.resolve("client.crt"), dir.resolve("client.key"));
    }

    static HttpResponse<byte[]> send(SSLContext context, JsonNode review) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .sslContext(context)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        return client.send(
                HttpRequest.newBuilder(
                                URI.create("https://localhost:" + WebhookServer.port() + WebhookRoutes.MUTATE_PATH))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.JSON.writeValueAsBytes(review)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
