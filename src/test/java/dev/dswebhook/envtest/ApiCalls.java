package dev.dswebhook.envtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.dswebhook.fixtures.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * DaemonSet writes sent to the API server as exact JSON bytes, over the fabric8 client's own HTTP
 * stack and credentials, with the API server's answer read back whole.
 *
 * <p>Exact bytes, because the cases include objects a typed model would reshape or refuse on the
 * client side: {@code null} fields, empty maps, values of the wrong type.
 */
public final class ApiCalls {

    private final KubernetesClient client;
    private final HttpClient http;

    public ApiCalls(KubernetesClient client) {
        this.client = client;
        this.http = client.getHttpClient();
    }

    /** What the API server answered. */
    public record Answer(int code, JsonNode body, List<String> warnings) {

        /** Whether the write was accepted. */
        public boolean accepted() {
            return code >= 200 && code < 300;
        }

        /** A Status's message, as {@code kubectl} prints it after {@code Error from server}. */
        public String message() {
            return body.path("message").asText();
        }

        /** Each of a Status's causes as {@code field: message}, the way a field error reads. */
        public List<String> causes() {
            List<String> out = new ArrayList<>();
            for (JsonNode cause : body.path("details").path("causes")) {
                out.add(cause.path("field").asText() + ": "
                        + cause.path("message").asText());
            }
            return out;
        }

        /** Each cause's {@code reason}, such as {@code FieldValueInvalid}. */
        public List<String> causeReasons() {
            List<String> out = new ArrayList<>();
            for (JsonNode cause : body.path("details").path("causes")) {
                out.add(cause.path("reason").asText());
            }
            return out;
        }

        @Override
        public String toString() {
            return code + " " + body;
        }
    }

    /** {@code POST} a DaemonSet, or its server-side dry run. */
    public Answer create(String namespace, JsonNode daemonSet, boolean dryRun) {
        return send("POST", collection(namespace) + (dryRun ? "?dryRun=All" : ""), daemonSet);
    }

    /** {@code PUT} a DaemonSet over the stored one, or its server-side dry run. */
    public Answer update(String namespace, String name, JsonNode daemonSet, boolean dryRun) {
        return send("PUT", collection(namespace) + "/" + name + (dryRun ? "?dryRun=All" : ""), daemonSet);
    }

    /** {@code GET} a stored DaemonSet, as the API server would send it as an old object. */
    public Answer get(String namespace, String name) {
        return send("GET", collection(namespace) + "/" + name, null);
    }

    /** {@code DELETE} a DaemonSet. */
    public Answer delete(String namespace, String name) {
        return send("DELETE", collection(namespace) + "/" + name, null);
    }

    private String collection(String namespace) {
        return client.getMasterUrl().toString().replaceAll("/$", "") + "/apis/apps/v1/namespaces/" + namespace
                + "/daemonsets";
    }

    private Answer send(String method, String uri, JsonNode body) {
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(uri).header("Accept", "application/json");
        try {
            if (body != null) {
                request.method(method, "application/json", Fixtures.JSON.writeValueAsString(body));
            } else if (!method.equals("GET")) {
                request.method(method, "application/json", "{}");
            }
            HttpResponse<String> response =
                    http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? MissingNode.getInstance() : Fixtures.JSON.readTree(text);
            List<String> warnings = response.headers("Warning") == null ? List.of() : response.headers("Warning");
            return new Answer(response.code(), json, warnings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
