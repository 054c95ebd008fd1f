package dev.dswebhook.http;

import dev.dswebhook.config.ListenerLimits;
import dev.dswebhook.config.WebhookConfig;
import dev.dswebhook.observe.WebhookMetrics;
import dev.dswebhook.tls.CertificateReloader;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The webhooks' HTTPS server: Quarkus' router, served by Vert.x servers that this class starts on
 * Quarkus' own Vert.x instance, one per event loop, with the settings in {@link ListenerLimits}.
 *
 * <p>Why not Quarkus' HTTP server: it offers no hook on its connections, and the webhook needs one
 * to share them fairly ({@link ConnectionGate}), and to answer requests the HTTP codec rejects
 * with a JSON {@code Status} instead of an empty body. Quarkus' own listener is therefore switched
 * off ({@code quarkus.http.host-enabled=false}); everything else about it stays: the TLS registry
 * configuration (protocols, cipher suites, handshake timeout), the routes, the management port.
 */
@Singleton
public class HttpsServer {

    private static final Logger LOG = Logger.getLogger(HttpsServer.class);

    private final Vertx vertx;
    private final CertificateReloader certificates;
    private final TlsConfigurationRegistry registry;
    private final WebhookConfig config;
    private final ListenerLimits limits;
    private final ConnectionGate gate;
    private volatile Router router;
    private final List<String> deployments = new ArrayList<>();
    private long sweeper = -1;

    HttpsServer(
            Vertx vertx,
            CertificateReloader certificates,
            TlsConfigurationRegistry registry,
            WebhookConfig config,
            ListenerLimits limits,
            WebhookMetrics metrics) {
        this.vertx = vertx;
        this.certificates = certificates;
        this.registry = registry;
        this.config = config;
        this.limits = limits;
        this.gate = ConnectionGate.of(limits, System::nanoTime);
        java.util.Map<String, java.util.function.LongSupplier> closed = new java.util.LinkedHashMap<>();
        for (ConnectionGate.Reason reason : ConnectionGate.Reason.values()) {
            closed.put(reason.id(), () -> gate.closedCount(reason));
        }
        metrics.connections(gate::openConnections, closed);
    }

    /** Keeps the router Quarkus built, with every route on it; each request is first seen by the gate. */
    void router(@Observes @Priority(Integer.MAX_VALUE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            ConnectionGate.Tracked tracked = gate.started(ctx.request().connection());
            ctx.addEndHandler(ended -> gate.finished(tracked));
            ctx.next();
        });
        this.router = router;
    }

    /** Starts listening once everything else is ready. */
    void start(@Observes @Priority(Integer.MAX_VALUE) StartupEvent started) throws Exception {
        // Before the first handshake: JSSE reads this once. TLS 1.3 has no renegotiation at all.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        HttpServerOptions options = options();
        int instances = limits.eventLoops();
        String deployment = vertx.deployVerticle(
                        () -> new ServerVerticle(options), new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        deployments.add(deployment);
        sweeper = vertx.setPeriodic(1_000, id -> gate.sweep());
        // Worded as Quarkus words its own listener, which tools such as the integration-test launcher look for.
        LOG.infof(
                "Listening on: https://%s:%d (the webhooks, on %d event loops)",
                options.getHost(), options.getPort(), instances);
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(sweeper);
        for (String deployment : deployments) {
            try {
                vertx.undeploy(deployment)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Shutting down anyway; Vert.x closes what is left.
            }
        }
    }

    private HttpServerOptions options() {
        HttpServerOptions options = new HttpServerOptions();
        String name = config.tls().configurationName();
        HttpServerOptionsUtils.applyTlsConfigurationToHttpServerOptions(
                registry.get(name)
                        .orElseThrow(() -> new IllegalStateException("no TLS configuration quarkus.tls." + name)),
                options);
        certificates.start();
        options.setKeyCertOptions(KeyCertOptions.wrap(certificates.keyManager()));
        ClientAuth clientAuth = config.tls().clientAuth();
        if (clientAuth != ClientAuth.NONE && !certificates.hasClientCa()) {
            throw new IllegalStateException("webhook.tls.client-auth=" + clientAuth
                    + " needs the client CA in quarkus.tls." + name + ".trust-store.pem.certs");
        }
        options.setClientAuth(clientAuth);
        if (certificates.hasClientCa()) {
            options.setTrustOptions(TrustOptions.wrap(certificates.trustManager()));
        }
        options.setPort(limits.port());
        options.setHost(limits.host());
        options.setIdleTimeout((int) limits.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        options.setUseAlpn(limits.http2());
        if (limits.http2()) {
            options.setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
        }
        options.setMaxHeaderSize(limits.maxHeaderSize());
        options.setMaxInitialLineLength(limits.maxInitialLineLength());
        options.setCompressionSupported(false);
        options.setDecompressionSupported(false);
        options.setHandle100ContinueAutomatically(false);
        return options;
    }

    /** One server, on one event loop; Vert.x shares the port among all of them. */
    private final class ServerVerticle extends AbstractVerticle {

        private final HttpServerOptions options;

        ServerVerticle(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public void start(Promise<Void> started) {
            HttpServer server = vertx.createHttpServer(options);
            server.connectionHandler(HttpsServer.this::connected);
            server.invalidRequestHandler(HttpsServer::invalid);
            server.requestHandler(HttpsServer.this::request);
            // With a WebSocket handler set, Vert.x hands requests of an unknown HTTP version to the
            // request handler, which answers 400 with a JSON Status, instead of a bodiless 501 itself.
            server.webSocketHandler(socket -> socket.reject(400));
            server.listen().onSuccess(s -> started.complete()).onFailure(started::fail);
        }
    }

    private void connected(HttpConnection connection) {
        SocketAddress remote = connection.remoteAddress();
        String source = remote == null || remote.host() == null ? "unknown" : remote.host();
        connection.closeHandler(closed -> gate.closed(connection));
        gate.admit(connection, source);
    }

    /**
     * Turns away, before routing, what the routes cannot answer sensibly: a request line with a
     * version other than HTTP/1.0, HTTP/1.1 or HTTP/2, and an HTTP/1.1 request without a Host.
     */
    private void request(HttpServerRequest request) {
        if (request.version() == null) {
            refuse(request, 400, StatusBody.UNKNOWN_VERSION);
        } else if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null) {
            refuse(request, 400, StatusBody.NO_HOST);
        } else {
            router.handle(request);
        }
    }

    /** A request the HTTP codec could not parse: its status as Vert.x decides it, with a JSON body. */
    private static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            code = 414;
            message = StatusBody.LINE_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            code = 431;
            message = StatusBody.HEADERS_TOO_LARGE;
        } else {
            code = 400;
            message = StatusBody.UNPARSABLE;
        }
        refuse(request, code, message);
    }

    private static void refuse(HttpServerRequest request, int code, String message) {
        request.response()
                .setStatusCode(code)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(io.vertx.core.buffer.Buffer.buffer(StatusBody.of(code, message)))
                .onComplete(done -> request.connection().close());
    }
}
