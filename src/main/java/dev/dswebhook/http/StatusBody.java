package dev.dswebhook.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A Kubernetes {@code Status} object as an HTTP error body, the shape Kubernetes clients already
 * parse for errors.
 */
final class StatusBody {

    private static final JsonFactory JSON = new JsonFactory();

    private StatusBody() {
    }

    static byte[] of(int code, String reason, String message) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("kind", "Status");
            gen.writeStringField("apiVersion", "v1");
            gen.writeObjectFieldStart("metadata");
            gen.writeEndObject();
            gen.writeStringField("status", "Failure");
            gen.writeStringField("message", message);
            gen.writeStringField("reason", reason);
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
