package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.fixtures.WebhookServer;
import dev.dswebhook.http.WebhookRoutes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged server, as shipped, against requests no API server sends: every request line and
 * header the HTTP codec refuses gets a 4xx with a JSON {@code Status}, never a 5xx, a stack trace or
 * an ERROR line; and TLS is what the README promises: no client-initiated renegotiation, and TLS
 * 1.2 only with forward-secret AEAD suites.
 */
@DisplayName("Protocol edges of the packaged server")
class ProtocolHardeningIT {

    private static PackagedWebhook webhook;

    @BeforeAll
    static void start() {
        webhook = PackagedWebhook.builder().asTheDockerfileRunsIt().start();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            String log = webhook.log();
            webhook.close();
            assertFalse(
                    log.contains("\"level\":\"ERROR\"") || log.contains("\tat "),
                    "no ERROR line or stack trace:\n" + log);
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> refusedRequests() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "a request line naming HTTP/2.0",
                        "POST " + WebhookRoutes.VALIDATE_PATH
                                + " HTTP/2.0\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}",
                        400),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a request line naming HTTP/3.0", "GET / HTTP/3.0\r\nHost: localhost\r\n\r\n", 400),
                org.junit.jupiter.params.provider.Arguments.of(
                        "an HTTP/1.1 request without Host",
                        "POST " + WebhookRoutes.VALIDATE_PATH
                                + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                        400),
                org.junit.jupiter.params.provider.Arguments.of("a request line that is not HTTP", "HELLO\r\n\r\n", 400),
                org.junit.jupiter.params.provider.Arguments.of(
                        "a header line without a colon",
                        "GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n",
                        400));
    }

    @ParameterizedTest(name = "{0} gets {2}")
    @org.junit.jupiter.params.provider.MethodSource("refusedRequests")
    void aRequestTheCodecRefusesGetsAJsonStatus(String name, String request, int code) throws Exception {
        assertJsonStatus(exchange(request.getBytes(StandardCharsets.US_ASCII)), code);
    }

    @Test
    @DisplayName("a request line over the limit gets 414 with a JSON Status")
    void aLongRequestLineGets414() throws Exception {
        String request = "GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        assertJsonStatus(exchange(request.getBytes(StandardCharsets.US_ASCII)), 414);
    }

    @Test
    @DisplayName("headers over the limit get 431 with a JSON Status")
    void largeHeadersGet431() throws Exception {
        String request = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Large: " + "h".repeat(30_000) + "\r\n\r\n";
        assertJsonStatus(exchange(request.getBytes(StandardCharsets.US_ASCII)), 431);
    }

    @Test
    @DisplayName("client-initiated renegotiation is refused, 100 times of 100")
    void renegotiationIsRefused() throws Exception {
        int renegotiated = 0;
        for (int i = 0; i < 100; i++) {
            try (SSLSocket socket = socket(List.of("TLSv1.2"), null)) {
                socket.startHandshake();
                try {
                    socket.startHandshake();
                    // The renegotiation is only known to have failed once the connection is used.
                    String reply = request(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    if (reply.startsWith("HTTP/1.1 200")) {
                        renegotiated++;
                    }
                } catch (IOException e) {
                    // Refused: the server answers a second ClientHello with a fatal alert.
                }
            }
        }
        assertEquals(0, renegotiated, "renegotiations that went through");
    }

    @Test
    @DisplayName("TLS 1.2 with an ECDHE AEAD suite is accepted")
    void tls12WithAnAeadSuiteIsAccepted() throws Exception {
        try (SSLSocket socket = socket(List.of("TLSv1.2"), List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))) {
            socket.startHandshake();
            assertEquals(
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    socket.getSession().getCipherSuite());
            assertTrue(
                    request(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").startsWith("HTTP/1.1 200"));
        }
    }

    @ParameterizedTest(name = "TLS 1.2 with {0} is refused")
    @CsvSource({
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    })
    void tls12WithACbcSuiteIsRefused(String suite) throws Exception {
        try (SSLSocket socket = socket(List.of("TLSv1.2"), List.of(suite))) {
            assertThrows(SSLException.class, socket::startHandshake);
        }
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({"TLSv1", "TLSv1.1"})
    void oldTlsVersionsAreRefused(String version) throws Exception {
        try (SSLSocket socket = socket(List.of(version), null)) {
            assertThrows(SSLException.class, socket::startHandshake);
        } catch (IllegalArgumentException e) {
            // This JDK cannot even offer it, which refuses it as well.
        }
    }

    private static void assertJsonStatus(String reply, int code) throws Exception {
        // The status line names the version of the request line, as Vert.x writes it.
        assertTrue(reply.matches("(?s)HTTP/\\d\\.\\d " + code + " .*"), reply);
        assertTrue(reply.toLowerCase().contains("content-type: application/json"), reply);
        JsonNode status = Fixtures.JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
        assertEquals("Status", status.path("kind").asText(), reply);
        assertEquals(code, status.path("code").asInt(), reply);
        assertFalse(status.path("message").asText().isEmpty(), reply);
    }

    private static String exchange(byte[] request) throws IOException {
        try (SSLSocket socket = socket(null, null)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String request(SSLSocket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    private static SSLSocket socket(List<String> protocols, List<String> suites) throws IOException {
        SSLSocket socket = (SSLSocket) WebhookServer.sslContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), webhook.httpsPort());
        SSLParameters params = socket.getSSLParameters();
        if (protocols != null) {
            params.setProtocols(protocols.toArray(String[]::new));
        }
        if (suites != null) {
            params.setCipherSuites(suites.toArray(String[]::new));
        }
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A reset after the reply is how a server ends a connection it will not read further.
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
