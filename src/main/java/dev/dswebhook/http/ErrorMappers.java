package dev.dswebhook.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure outside the webhook routes to a JSON {@code Status} body with no stack trace. */
public class ErrorMappers {

    /** A JAX-RS refusal, such as 404 for a path that is not an endpoint, with the server's message for it. */
    @ServerExceptionMapper
    public Response httpError(WebApplicationException e) {
        int code = e.getResponse().getStatus();
        String message = switch (code) {
            case 415 -> StatusBody.NOT_JSON;
            case 405 -> StatusBody.METHOD_NOT_ALLOWED;
            case 406 -> StatusBody.NOT_ACCEPTABLE;
            case 404 -> StatusBody.NOT_FOUND;
            default -> e.getMessage();
        };
        return reply(code, message);
    }

    /** Anything else is a bug: a 500 that says nothing internal. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return reply(500, StatusBody.bug(e));
    }

    private static Response reply(int code, String message) {
        return Response.status(code)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(StatusBody.of(code, message))
                .build();
    }
}
