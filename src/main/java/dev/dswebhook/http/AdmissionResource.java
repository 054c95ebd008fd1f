package dev.dswebhook.http;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.MalformedReviewException;
import dev.dswebhook.admission.Reply;
import dev.dswebhook.admission.Webhook;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The two webhook endpoints, named by the kubebuilder convention.
 *
 * <p>They run on the event loop: the work is a short, pure computation, and a hop to a worker
 * thread would cost more than the decision itself.
 */
@Path("/")
@NonBlocking
public class AdmissionResource {

    public static final String MUTATE_PATH = "/mutate-apps-v1-daemonset";
    public static final String VALIDATE_PATH = "/validate-apps-v1-daemonset";

    @Inject
    AdmissionService service;

    @POST
    @Path(MUTATE_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] mutate(byte[] review, RoutingContext ctx) throws MalformedReviewException {
        return answer(Webhook.MUTATE, review, ctx);
    }

    @POST
    @Path(VALIDATE_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] validate(byte[] review, RoutingContext ctx) throws MalformedReviewException {
        return answer(Webhook.VALIDATE, review, ctx);
    }

    private byte[] answer(Webhook webhook, byte[] review, RoutingContext ctx) throws MalformedReviewException {
        Reply reply = service.handle(webhook, review);
        ctx.put(RequestObserver.DECISION, reply.decision());
        return reply.body();
    }
}
