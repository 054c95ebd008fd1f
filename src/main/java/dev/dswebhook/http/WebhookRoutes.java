package dev.dswebhook.http;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.MalformedReviewException;
import dev.dswebhook.admission.Reply;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.config.ListenerLimits;
import dev.dswebhook.observe.DecisionLog;
import dev.dswebhook.observe.WebhookMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two webhook endpoints, named by the kubebuilder convention, as Vert.x routes on the event
 * loop: decide from the request head what can be refused unread, read the body, answer the review.
 *
 * <p>Why routes and not a JAX-RS resource: the decision is a few microseconds of pure CPU work,
 * and JAX-RS's body handling cost more than that and copied large bodies several times over
 * (src/bench/README.md). These routes keep the body as the chunks that arrived and stream them
 * through the parser.
 *
 * <p>A body must declare its length, as the API server always does, so that the cap is decided
 * before a byte of it is read (411 otherwise, 413 over the cap), and it must be declared JSON (415).
 * Every request, whatever its answer, is timed, counted and logged once its response ends. The
 * status codes and their messages are {@link StatusBody}'s, the README's "Status codes" table.
 */
@Singleton
public class WebhookRoutes {

    public static final String MUTATE_PATH = "/mutate-apps-v1-daemonset";
    public static final String VALIDATE_PATH = "/validate-apps-v1-daemonset";

    /** Ahead of Quarkus' own handlers, such as its upload limit, which answers with an empty body. */
    static final int ORDER = Integer.MIN_VALUE + 100;

    /** Where a request's decision or error is kept until its response ends. */
    static final String DECISION = "dswebhook.decision";

    static final String ERROR = "dswebhook.error";

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

    /**
     * How long a refused request's connection may go on delivering the body nobody will read
     * before it is closed regardless. Draining first matters: closing a socket with unread bytes
     * in its receive buffer makes TCP answer with a reset, which can destroy the refusal before a
     * client that writes its whole body before reading ever sees it.
     */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final AdmissionService service;
    private final WebhookMetrics metrics;
    private final DecisionLog decisions;
    private final long cap;
    private final Duration bodyTimeout;
    private final BodyBudget budget;
    private final Duration queueTimeout;
    private final Vertx vertx;

    WebhookRoutes(
            AdmissionService service,
            WebhookMetrics metrics,
            DecisionLog decisions,
            ListenerLimits limits,
            Vertx vertx) {
        this.service = service;
        this.metrics = metrics;
        this.decisions = decisions;
        this.cap = limits.maxBodySize();
        this.bodyTimeout = limits.bodyTimeout();
        this.budget = new BodyBudget(limits.inFlightBytes());
        this.queueTimeout = limits.queueTimeout();
        this.vertx = vertx;
        metrics.bodies(budget::held, budget::waiting);
    }

    void install(@Observes Router router) {
        router.route(MUTATE_PATH).order(ORDER).handler(ctx -> accept(Webhook.MUTATE, ctx));
        router.route(VALIDATE_PATH).order(ORDER).handler(ctx -> accept(Webhook.VALIDATE, ctx));
    }

    private void accept(Webhook webhook, RoutingContext ctx) {
        long start = System.nanoTime();
        metrics.started(webhook);
        ctx.addEndHandler(ended -> {
            long nanos = System.nanoTime() - start;
            Decision decision = ctx.get(DECISION);
            int code = ctx.response().getStatusCode();
            metrics.finished(webhook, decision, code, nanos);
            decisions.record(webhook, decision, code, nanos, ctx.get(ERROR));
        });

        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.POST) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
            refuse(ctx, 405, StatusBody.POST_ONLY);
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long length = parseLength(declared);
        if (length < 0) {
            refuse(ctx, 411, StatusBody.LENGTH_REQUIRED);
        } else if (length > cap) {
            refuse(ctx, 413, StatusBody.tooLarge(length, cap));
        } else if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(ctx, 415, StatusBody.NOT_JSON);
        } else {
            admit(webhook, ctx, length);
        }
    }

    /**
     * Reads the body once the budget of bytes in flight has room for it. Until then the request
     * stays paused, its bytes unread in the kernel's buffers; after {@code queue-timeout} it gets
     * 429 with {@code Retry-After}, and a 429 is a call failure the API server's failurePolicy decides.
     */
    private void admit(Webhook webhook, RoutingContext ctx, long length) {
        // Until read() sets a handler, no chunk may arrive: Vert.x would drop it.
        ctx.request().pause();
        Hold hold = new Hold(length);
        ctx.addEndHandler(ended -> hold.end());
        if (budget.tryAcquire(length)) {
            hold.granted = true;
            read(webhook, ctx);
            return;
        }
        Context context = Vertx.currentContext();
        hold.timer = ctx.vertx().setTimer(queueTimeout.toMillis(), expired -> {
            if (!hold.granted && !hold.done) {
                hold.done = true;
                hold.withdraw.run();
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
                refuse(ctx, 429, StatusBody.TOO_BUSY);
            }
        });
        hold.withdraw = budget.await(
                length,
                () -> context.runOnContext(granted -> {
                    hold.granted = true;
                    if (hold.done) {
                        hold.release();
                        return;
                    }
                    ctx.vertx().cancelTimer(hold.timer);
                    read(webhook, ctx);
                }));
    }

    /** One body's share of the budget, from the head to the end of its response, on its event loop. */
    private final class Hold {
        final long bytes;
        boolean granted;
        boolean done;
        boolean released;
        long timer = -1;
        Runnable withdraw = () -> {};

        Hold(long bytes) {
            this.bytes = bytes;
        }

        /** The response ended or the connection went: give the room back, or stop waiting for it. */
        void end() {
            done = true;
            if (granted) {
                release();
            } else {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                withdraw.run();
            }
        }

        void release() {
            if (!released) {
                released = true;
                budget.release(bytes);
            }
        }
    }

    private void read(Webhook webhook, RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        List<Buffer> chunks = new ArrayList<>(1);
        // A client that trickles its body must not hold a connection and its buffers forever.
        long deadline = ctx.vertx().setTimer(bodyTimeout.toMillis(), expired -> {
            if (!ctx.response().ended()) {
                refuse(ctx, 408, StatusBody.bodyTooSlow(bodyTimeout.toMillis()));
            }
        });
        request.handler(chunks::add);
        request.endHandler(done -> {
            ctx.vertx().cancelTimer(deadline);
            answer(webhook, ctx, chunks);
        });
        request.exceptionHandler(failure -> ctx.vertx().cancelTimer(deadline));
        request.resume();
    }

    private void answer(Webhook webhook, RoutingContext ctx, List<Buffer> chunks) {
        if (ctx.response().ended()) {
            return; // already answered: the body came too late
        }
        if (service.mayBlock(webhook)) {
            // Judging a DaemonSet against a live cluster lists pods from the API server: off the event loop.
            ctx.vertx().executeBlocking(() -> decide(webhook, chunks), false).onComplete(done -> {
                if (done.succeeded()) {
                    send(ctx, done.result());
                } else {
                    fail(ctx, done.cause());
                }
            });
            return;
        }
        try {
            send(ctx, decide(webhook, chunks));
        } catch (MalformedReviewException | RuntimeException e) {
            fail(ctx, e);
        }
    }

    private static void send(RoutingContext ctx, Reply reply) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.put(DECISION, reply.decision());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Buffer.buffer(reply.body()));
    }

    private static void fail(RoutingContext ctx, Throwable error) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (error instanceof MalformedReviewException) {
            reply(ctx, 400, error.getMessage());
        } else {
            reply(ctx, 500, StatusBody.bug(error));
        }
    }

    private Reply decide(Webhook webhook, List<Buffer> chunks) throws MalformedReviewException {
        if (chunks.size() == 1) {
            ByteBuf only = chunks.get(0).getByteBuf();
            if (only.hasArray()) {
                return service.handle(
                        webhook, only.array(), only.arrayOffset() + only.readerIndex(), only.readableBytes());
            }
        }
        ByteBuf[] parts = new ByteBuf[chunks.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = chunks.get(i).getByteBuf();
        }
        return service.handle(webhook, new ByteBufInputStream(Unpooled.wrappedBuffer(parts)));
    }

    /**
     * Answers with an error; when the body was not read, also ends the connection, since its
     * unread bytes would otherwise be taken for the next request on it.
     */
    private void refuse(RoutingContext ctx, int code, String message) {
        boolean unread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
        if (unread) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        reply(ctx, code, message);
        if (unread) {
            letGo(ctx.request());
        }
    }

    /**
     * Ends a refused request's connection the way a lingering close does: the reply is followed at
     * once by the end of the server's side (TLS close_notify, then FIN), so the client reads the
     * refusal and then the end of the stream; the rest of the body is read and dropped until the
     * client closes its side, more than the body cap has come, or {@link #LINGER} has passed, and
     * then the socket is closed. Vert.x alone would keep the connection open, unread, until the
     * idle timeout.
     */
    private void letGo(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        long[] dropped = {0};
        long timer = vertx.setTimer(LINGER.toMillis(), expired -> connection.close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            connection.close();
        };
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > cap) {
                close.run();
            }
        });
        request.endHandler(ended -> close.run());
        request.exceptionHandler(failure -> close.run());
        endOutput(connection);
        request.resume();
    }

    private static void endOutput(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base) || !(base.channel() instanceof DuplexChannel channel)) {
            return;
        }
        // The reply may still wait for the end of the current read to be flushed; once TLS has
        // closed its side, a write still pending would be dropped.
        channel.flush();
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            channel.shutdownOutput();
        } else {
            tls.closeOutbound().addListener(sent -> channel.shutdownOutput());
        }
    }

    private static void reply(RoutingContext ctx, int code, String message) {
        ctx.put(ERROR, message);
        ctx.response()
                .setStatusCode(code)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(Buffer.buffer(StatusBody.of(code, message)));
    }

    /** The declared length, or -1 when there is none or it is not a number. */
    private static long parseLength(String declared) {
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code application/json}, with or without parameters such as a charset. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
        return type.equalsIgnoreCase("application/json");
    }
}
