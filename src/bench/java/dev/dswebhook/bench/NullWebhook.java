package dev.dswebhook.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The physical limit of the stack: an HTTPS server on the same Vert.x, with the same certificate
 * and TLS versions as the webhook, that reads each whole body and answers a fixed
 * AdmissionReview without parsing anything.
 *
 * <p>{@code java ... NullWebhook <port> [host]}; as many event loops, and server instances, as
 * Quarkus uses. The reply carries the request's uid, since the API server refuses a reply whose
 * uid differs; finding it is the only look into the body. The first review on each of the two
 * webhook paths is announced on standard output, so that a benchmark can tell when the API
 * server has started calling.
 */
public final class NullWebhook extends AbstractVerticle {

    private static final byte[] PREFIX =
            "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\""
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\",\"allowed\":true}}".getBytes(StandardCharsets.US_ASCII);
    private static final Buffer FIXED_REPLY = Buffer.buffer()
            .appendBytes(PREFIX)
            .appendString("00000000-0000-0000-0000-000000000000")
            .appendBytes(SUFFIX);

    private static final AtomicBoolean MUTATE_SEEN = new AtomicBoolean();
    private static final AtomicBoolean VALIDATE_SEEN = new AtomicBoolean();

    private final String host;
    private final int port;

    NullWebhook(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setSsl(true)
                .setUseAlpn(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"))
                .setKeyCertOptions(
                        new PemKeyCertOptions().setCertPath("certs/tls.crt").setKeyPath("certs/tls.key"));
        vertx.createHttpServer(options)
                .requestHandler(request -> request.body().onSuccess(body -> {
                    announceFirst(request.path());
                    request.response()
                            .putHeader("content-type", "application/json")
                            .end(reply(body));
                }))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    /**
     * The fixed reply with the request's uid in it. The API server writes {@code request.uid} as
     * the first field of the request, some 70 bytes in, so a plain scan for {@code "uid":"} finds
     * it at once; a body without one gets the all-zero uid.
     */
    static Buffer reply(Buffer body) {
        int length = body.length();
        for (int i = 0; i + 7 < length; i++) {
            if (body.getByte(i) == '"'
                    && body.getByte(i + 1) == 'u'
                    && body.getByte(i + 2) == 'i'
                    && body.getByte(i + 3) == 'd'
                    && body.getByte(i + 4) == '"'
                    && body.getByte(i + 5) == ':'
                    && body.getByte(i + 6) == '"') {
                int start = i + 7;
                int end = start;
                while (end < length && body.getByte(end) != '"') {
                    end++;
                }
                return Buffer.buffer(PREFIX.length + (end - start) + SUFFIX.length)
                        .appendBytes(PREFIX)
                        .appendBuffer(body, start, end - start)
                        .appendBytes(SUFFIX);
            }
        }
        return FIXED_REPLY;
    }

    /** Prints the first review on each webhook path; after that, one plain read per request. */
    private static void announceFirst(String path) {
        AtomicBoolean seen =
                path.startsWith("/mutate") ? MUTATE_SEEN : path.startsWith("/validate") ? VALIDATE_SEEN : null;
        if (seen != null && !seen.get() && seen.compareAndSet(false, true)) {
            System.out.println("first review on " + path);
        }
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8445;
        // Every interface unless told otherwise, as the packaged webhook listens by default.
        String host = args.length > 1 ? args[1] : "0.0.0.0";
        Vertx vertx = Vertx.vertx();
        int instances = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new NullWebhook(host, port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("null webhook listening on https://" + host + ":" + port + " with "
                        + instances + " event loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
