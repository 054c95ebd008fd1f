package dev.dswebhook.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Every error the server answers without a review, as a Kubernetes {@code Status} body (the shape
 * Kubernetes clients already parse for errors), and every such message, in one place: the
 * README's "Status codes" table, row by row, each row tested in {@code AdmissionEndpointsTest}.
 */
final class StatusBody {

    static final String NOT_JSON = "the body must be JSON: send Content-Type: application/json";
    static final String POST_ONLY = "the webhook endpoints accept POST only";
    static final String LENGTH_REQUIRED =
            "the request must declare its Content-Length; chunked bodies are not accepted";
    static final String TOO_BUSY = "the webhook is holding as many review bodies as its memory budget allows "
            + "(webhook.server.in-flight-bytes); retry";
    static final String UNKNOWN_VERSION =
            "the webhooks speak HTTP/1.1 (or HTTP/2 through ALPN); this request line names " + "another version";
    static final String NO_HOST = "an HTTP/1.1 request must carry a Host header";
    static final String UNPARSABLE = "the request could not be parsed as HTTP/1.1";
    static final String LINE_TOO_LONG = "the request line is too long";
    static final String HEADERS_TOO_LARGE = "the request headers are too large";
    static final String NOT_FOUND =
            "no such endpoint; the webhooks are " + WebhookRoutes.MUTATE_PATH + " and " + WebhookRoutes.VALIDATE_PATH;
    static final String METHOD_NOT_ALLOWED = "method not allowed; the webhooks accept POST on "
            + WebhookRoutes.MUTATE_PATH + " and " + WebhookRoutes.VALIDATE_PATH;
    static final String NOT_ACCEPTABLE = "the webhook replies in JSON only: accept application/json";
    static final String INTERNAL = "internal error while answering the review; see the webhook's log";

    private static final JsonFactory JSON = new JsonFactory();
    private static final Logger LOG = Logger.getLogger(StatusBody.class);

    private StatusBody() {}

    static String tooLarge(long length, long cap) {
        return "the body is " + length + " bytes; the limit is " + cap + " bytes";
    }

    static String bodyTooSlow(long millis) {
        return "the body did not arrive within " + millis + " ms";
    }

    /** A bug, not bad input: logged in full, once, here; the client is told nothing internal. */
    static String bug(Throwable failure) {
        LOG.error("unexpected failure while answering a review", failure);
        return INTERNAL;
    }

    static byte[] of(int code, String message) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("kind", "Status");
            gen.writeStringField("apiVersion", "v1");
            gen.writeObjectFieldStart("metadata");
            gen.writeEndObject();
            gen.writeStringField("status", "Failure");
            gen.writeStringField("message", message);
            gen.writeStringField("reason", reason(code));
            gen.writeNumberField("code", code);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The {@code StatusReason} for an HTTP status code, as the API server names them. */
    static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 408 -> "Timeout";
            case 411 -> "LengthRequired";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequests";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
