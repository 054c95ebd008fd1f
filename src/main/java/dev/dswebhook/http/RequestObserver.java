package dev.dswebhook.http;

import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.observe.DecisionLog;
import dev.dswebhook.observe.WebhookMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Times every request to a webhook path and, when its response ends, records it in the metrics
 * and the decision log, whatever answered it: the endpoint, an error mapper or the request gate.
 */
@Singleton
public class RequestObserver {

    /** Before {@link RequestGate}, so that refused requests are counted too. */
    static final int ORDER = RequestGate.ORDER - 50;

    /** Where the endpoint leaves the decision for this observer. */
    static final String DECISION = "dswebhook.decision";

    /** Where an error mapper leaves the reason of an error reply. */
    static final String ERROR = "dswebhook.error";

    private final WebhookMetrics metrics;
    private final DecisionLog log;

    RequestObserver(WebhookMetrics metrics, DecisionLog log) {
        this.metrics = metrics;
        this.log = log;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::observe);
    }

    private void observe(RoutingContext ctx) {
        Webhook webhook = webhookFor(ctx.request().path());
        if (webhook == null) {
            ctx.next();
            return;
        }
        long start = System.nanoTime();
        metrics.started(webhook);
        ctx.addEndHandler(ended -> {
            long nanos = System.nanoTime() - start;
            Decision decision = ctx.get(DECISION);
            int code = ctx.response().getStatusCode();
            metrics.finished(webhook, decision, code, nanos);
            log.record(webhook, decision, code, nanos, ctx.get(ERROR));
        });
        ctx.next();
    }

    static Webhook webhookFor(String path) {
        if (AdmissionResource.VALIDATE_PATH.equals(path)) {
            return Webhook.VALIDATE;
        }
        if (AdmissionResource.MUTATE_PATH.equals(path)) {
            return Webhook.MUTATE;
        }
        return null;
    }
}
