package dev.dswebhook.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns away, from the request head alone and before a byte of body is read, a POST whose body
 * is too large, unsized or of no declared type, with a JSON {@code Status}.
 *
 * <p>The cap exists because a webhook must never buffer an unbounded body: Kubernetes objects are
 * at most about 3 MiB, and an UPDATE review carries two of them. A POST must declare its length,
 * as the API server always does, so that the cap is decided from the headers alone; a chunked or
 * unsized body gets 411. Quarkus enforces {@code quarkus.http.limits.max-body-size} as well, but
 * only by cutting the stream with an empty 413.
 */
@Singleton
public class RequestGate {

    /** Before Quarkus' own upload-limit handler, so the client gets a readable reason. */
    static final int ORDER = Integer.MIN_VALUE + 100;

    private final long cap;

    RequestGate(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize cap) {
        this.cap = cap.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean post = ctx.request().method() == HttpMethod.POST;
        if (declared == null && post) {
            refuse(ctx, 411, "the request must declare its Content-Length; chunked bodies are not accepted");
        } else if (post && ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            // JAX-RS would take an untyped body for JSON; the webhook accepts only declared JSON.
            refuse(ctx, 415, ErrorReplies.NOT_JSON);
        } else if (declared != null && exceeds(declared)) {
            refuse(ctx, 413, "the body is " + declared.trim() + " bytes; the limit is " + cap + " bytes");
        } else {
            ctx.next();
        }
    }

    private static void refuse(RoutingContext ctx, int code, String message) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // The unread body would otherwise be taken for the next request on this connection.
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        ctx.response()
                .setStatusCode(code)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(StatusBody.of(code, StatusBody.reason(code), message)));
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > cap;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself.
        }
    }
}
