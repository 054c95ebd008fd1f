package dev.dswebhook.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Set;

/**
 * The physical limit of the stack: an HTTPS server on the same Vert.x, with the same certificate
 * and TLS versions as the webhook, that reads each whole body and answers a fixed
 * AdmissionReview without parsing anything.
 *
 * <p>{@code java ... NullWebhook <port>}; as many event loops, and server instances, as Quarkus uses.
 */
public final class NullWebhook extends AbstractVerticle {

    private static final Buffer REPLY =
            Buffer.buffer("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":"
                    + "{\"uid\":\"00000000-0000-0000-0000-000000000000\",\"allowed\":true}}");

    private final int port;

    NullWebhook(int port) {
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServerOptions options = new HttpServerOptions()
                .setPort(port)
                .setSsl(true)
                .setUseAlpn(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"))
                .setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath("certs/tls.crt").setKeyPath("certs/tls.key"));
        vertx.createHttpServer(options)
                .requestHandler(request -> request.body()
                        .onSuccess(body -> request.response()
                                .putHeader("content-type", "application/json")
                                .end(REPLY)))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8445;
        Vertx vertx = Vertx.vertx();
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new NullWebhook(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println(
                        "null webhook listening on https://localhost:" + port + " with " + instances + " event loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
