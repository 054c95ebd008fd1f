package dev.dswebhook.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure outside the webhook routes to a JSON {@code Status} body with no stack trace. */
public class ErrorReplies {

    static final String NOT_JSON = "the body must be JSON: send Content-Type: application/json";

    private static final Logger LOG = Logger.getLogger(ErrorReplies.class);

    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String message = switch (code) {
            case 415 -> NOT_JSON;
            case 405 -> "method not allowed; the webhooks accept POST on " + WebhookRoutes.MUTATE_PATH
                    + " and " + WebhookRoutes.VALIDATE_PATH;
            case 406 -> "the webhook replies in JSON only: accept application/json";
            case 404 -> "no such endpoint; the webhooks are " + WebhookRoutes.MUTATE_PATH
                    + " and " + WebhookRoutes.VALIDATE_PATH;
            default -> e.getMessage();
        };
        return reply(code, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        // A bug, not bad input: log it in full here, and tell the client nothing internal.
        LOG.error("unexpected failure while answering a review", e);
        return reply(500, "internal error while answering the review; see the webhook's log");
    }

    static Response reply(int code, String message) {
        return Response.status(code)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(StatusBody.of(code, StatusBody.reason(code), message))
                .build();
    }
}
