package dev.dswebhook.cluster;

import dev.dswebhook.policy.ClusterKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One kind the webhook watches: its informer, the compact store behind it, and whether the cache
 * can be trusted now (synced, and watching, or not for long).
 *
 * @param <T> the kind, as fabric8 models it
 * @param <R> what the rules read of each object
 */
final class KindWatch<T extends HasMetadata, R> {

    /** Objects per list call while the informer (re)lists, so that a large cluster arrives in bounded pieces. */
    static final long PAGE = 500;

    private static final Logger LOG = Logger.getLogger(KindWatch.class);

    private final ClusterKind kind;
    private final CompactStore<T, R> store;
    private final SharedIndexInformer<T> informer;
    private volatile long downSince;
    private volatile String lastError;
    /** The API server's answer to the last failed call, such as 403, or 0 when it gave none. */
    private volatile int lastCode;

    private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();

    /**
     * @param kind    the kind
     * @param source  the fabric8 operation that lists and watches it
     * @param stub    makes an empty object of the kind
     * @param compact what to keep of an object
     */
    KindWatch(ClusterKind kind, Informable<T> source, Supplier<T> stub, Function<T, R> compact) {
        this.kind = kind;
        this.store = new CompactStore<>(stub, compact);
        this.informer = source.withLimit(PAGE)
                .runnableInformer(0)
                .removeNamespaceIndex()
                .itemStore(store)
                // Keep trying whatever went wrong, even before the first sync: the API server may
                // come up after the webhook, or RBAC be fixed later. fabric8 backs off between tries.
                .exceptionHandler((started, error) -> {
                    String summary = summary(error);
                    if (!summary.equals(lastError)) {
                        // Once per new error, not once per retry: an API server that is down for
                        // an hour must not fill the log.
                        LOG.warnf(
                                "cannot %s %s (%s); retrying, and skipping the cluster-aware rules that read them"
                                        + " while the cache is not trusted",
                                started ? "watch" : "list", kind.plural(), summary);
                    }
                    lastCode = code(error);
                    lastError = summary;
                    firstAnswer.complete(null);
                    return true;
                });
    }

    /**
     * Starts listing and watching; completes once the first list is in the cache, or once the first
     * try failed, so that a kind the API server refuses does not hold up the next one's start.
     */
    CompletionStage<Void> start() {
        informer.start().whenComplete((done, error) -> firstAnswer.complete(null));
        return firstAnswer;
    }

    /** The HTTP status of the API server's answer inside a failure, or 0 when it did not answer. */
    private static int code(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException answer && answer.getCode() > 0) {
                return answer.getCode();
            }
        }
        return 0;
    }

    /** Notes whether the watch is up now; called every second, so that an outage is timed. */
    void sample(long nanos) {
        if (informer.isWatching()) {
            if (lastError != null && informer.hasSynced()) {
                LOG.infof("watching %s again", kind.plural());
                lastError = null;
                lastCode = 0;
            }
            downSince = 0;
        } else if (downSince == 0) {
            downSince = nanos == 0 ? 1 : nanos;
        }
    }

    /** Why this cache cannot be trusted at {@code nanos}, or empty when it can. */
    Optional<String> problem(long nanos, long staleNanos) {
        if (!informer.hasSynced()) {
            return Optional.of(kind.plural() + " not listed yet" + because());
        }
        long since = downSince;
        if (since != 0 && nanos - since > staleNanos) {
            return Optional.of(
                    kind.plural() + " not watched for " + (nanos - since) / 1_000_000_000L + " s" + because());
        }
        return Optional.empty();
    }

    /** The API server's refusal in a word, for messages short enough to be a warning. */
    private String because() {
        int code = lastCode;
        return switch (code) {
            case 0 -> "";
            case 401 -> " (unauthorized)";
            case 403 -> " (forbidden)";
            case 404 -> " (not served)";
            case 410 -> " (expired)";
            default -> " (HTTP " + code + ")";
        };
    }

    /**
     * Whether the API server refused to list the kind (unauthorized, forbidden, not served): an
     * answer that waiting does not change, unlike an API server that is not reachable yet.
     */
    boolean refused() {
        int code = lastCode;
        return !informer.hasSynced() && (code == 401 || code == 403 || code == 404);
    }

    /** The kind. */
    ClusterKind kind() {
        return kind;
    }

    /** Whether the first list is in. */
    boolean synced() {
        return informer.hasSynced();
    }

    /** Whether the watch is up. */
    boolean watching() {
        return informer.isWatching();
    }

    /** How many objects are cached. */
    int size() {
        return store.size();
    }

    /** The last error listing or watching met, or {@code null}. */
    String lastError() {
        return lastError;
    }

    /** What is kept of the objects of one namespace. */
    List<R> inNamespace(String namespace) {
        return store.inNamespace(namespace);
    }

    /** What is kept of every object. */
    List<R> all() {
        return store.all();
    }

    void stop() {
        informer.stop();
    }

    /** The API server's own message when it answered, such as "replicasets.apps is forbidden: ...", else the failure's. */
    private static String summary(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof KubernetesClientException answer
                    && answer.getStatus() != null
                    && answer.getStatus().getMessage() != null) {
                return answer.getStatus().getMessage();
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
