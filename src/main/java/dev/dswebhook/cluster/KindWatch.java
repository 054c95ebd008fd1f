package dev.dswebhook.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;
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

    private final String kind;
    private final CompactStore<T, R> store;
    private final SharedIndexInformer<T> informer;
    private volatile long downSince;
    private volatile String lastError;

    /**
     * @param kind    the kind's plural, as messages name it, such as {@code Nodes}
     * @param source  the fabric8 operation that lists and watches it
     * @param stub    makes an empty object of the kind
     * @param compact what to keep of an object
     */
    KindWatch(String kind, Informable<T> source, Supplier<T> stub, Function<T, R> compact) {
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
                                "cannot %s %s (%s); retrying, and skipping the cluster-aware rules while the cache is not trusted",
                                started ? "watch" : "list", kind, summary);
                    }
                    lastError = summary;
                    return true;
                });
    }

    /** Starts listing and watching; completes once the first list is in the cache. */
    CompletionStage<Void> start() {
        return informer.start();
    }

    /** Notes whether the watch is up now; called every second, so that an outage is timed. */
    void sample(long nanos) {
        if (informer.isWatching()) {
            if (lastError != null && informer.hasSynced()) {
                LOG.infof("watching %s again", kind);
                lastError = null;
            }
            downSince = 0;
        } else if (downSince == 0) {
            downSince = nanos == 0 ? 1 : nanos;
        }
    }

    /** Why this cache cannot be trusted at {@code nanos}, or empty when it can. */
    Optional<String> problem(long nanos, long staleNanos) {
        if (!informer.hasSynced()) {
            return Optional.of(kind + " not listed yet");
        }
        long since = downSince;
        if (since != 0 && nanos - since > staleNanos) {
            return Optional.of(kind + " not watched for " + (nanos - since) / 1_000_000_000L + " s");
        }
        return Optional.empty();
    }

    /** The kind's plural. */
    String kind() {
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

    private static String summary(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
