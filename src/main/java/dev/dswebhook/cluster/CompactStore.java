package dev.dswebhook.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An informer's store that keeps, of each object, only what the rules read ({@code R}) and what
 * the informer itself needs (namespace, name, resource version), instead of the whole object.
 *
 * <p>A ReplicaSet or a Node weighs kilobytes, and the rules read a few labels of it; at 10,000
 * objects the difference is the Deployment's memory limit. The informer still gets objects back
 * from {@link #get} and friends, as stubs holding just their metadata, which is all it compares
 * (resource versions) and indexes (nothing: the namespace index is removed). Objects are kept by
 * namespace, so the rules' per-namespace lookups do not scan the cluster.
 *
 * @param <T> the kind, as fabric8 models it
 * @param <R> what is kept of each object; an object that yields {@code null} is kept as a stub only
 */
final class CompactStore<T extends HasMetadata, R> implements ItemStore<T> {

    private record Entry<R>(String namespace, String name, String resourceVersion, R value) {}

    /** What {@link #all} returned last, and at which count of changes. */
    private record Snapshot<R>(long changes, List<R> values) {}

    private final Supplier<T> stub;
    private final Function<T, R> compact;
    private final Map<String, Map<String, Entry<R>>> byNamespace = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot<R> snapshot = new Snapshot<>(0, List.of());

    /**
     * @param stub    makes an empty object of the kind, for the stubs handed back to the informer
     * @param compact what to keep of an object
     */
    CompactStore(Supplier<T> stub, Function<T, R> compact) {
        this.stub = stub;
        this.compact = compact;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        ObjectMeta metadata = object.getMetadata();
        String namespace = namespace(metadata.getNamespace());
        Entry<R> entry =
                new Entry<>(namespace, metadata.getName(), metadata.getResourceVersion(), compact.apply(object));
        Entry<R>[] previous = newHolder();
        byNamespace.compute(namespace, (ns, names) -> {
            Map<String, Entry<R>> map = names == null ? new ConcurrentHashMap<>() : names;
            previous[0] = map.put(key, entry);
            return map;
        });
        changes.incrementAndGet();
        return stub(previous[0]);
    }

    @Override
    public T remove(String key) {
        int slash = key.indexOf('/');
        String namespace = slash < 0 ? "" : key.substring(0, slash);
        Entry<R>[] removed = newHolder();
        byNamespace.computeIfPresent(namespace, (ns, names) -> {
            removed[0] = names.remove(key);
            return names.isEmpty() ? null : names;
        });
        changes.incrementAndGet();
        return stub(removed[0]);
    }

    @Override
    public Stream<String> keySet() {
        return byNamespace.values().stream().flatMap(names -> names.keySet().stream());
    }

    @Override
    public Stream<T> values() {
        return byNamespace.values().stream()
                .flatMap(names -> names.values().stream())
                .map(this::stub);
    }

    @Override
    public int size() {
        int size = 0;
        for (Map<String, Entry<R>> names : byNamespace.values()) {
            size += names.size();
        }
        return size;
    }

    @Override
    public T get(String key) {
        int slash = key.indexOf('/');
        Map<String, Entry<R>> names = byNamespace.get(slash < 0 ? "" : key.substring(0, slash));
        return names == null ? null : stub(names.get(key));
    }

    /** What is kept of the objects of one namespace (of every cluster-scoped one for {@code ""}). */
    List<R> inNamespace(String namespace) {
        Map<String, Entry<R>> names = byNamespace.get(namespace);
        if (names == null) {
            return List.of();
        }
        List<R> out = new ArrayList<>(names.size());
        for (Entry<R> entry : names.values()) {
            if (entry.value() != null) {
                out.add(entry.value());
            }
        }
        return out;
    }

    /**
     * What is kept of every object. Rebuilt only after a change, so that the requests between two
     * changes, nearly all of them, share one list.
     */
    List<R> all() {
        Snapshot<R> last = snapshot;
        long now = changes.get();
        if (last.changes() == now) {
            return last.values();
        }
        List<R> out = new ArrayList<>();
        for (Map<String, Entry<R>> names : byNamespace.values()) {
            for (Entry<R> entry : names.values()) {
                if (entry.value() != null) {
                    out.add(entry.value());
                }
            }
        }
        List<R> values = List.copyOf(out);
        // Only a list built with no change since is worth keeping for the next request.
        if (changes.get() == now) {
            snapshot = new Snapshot<>(now, values);
        }
        return values;
    }

    private T stub(Entry<R> entry) {
        if (entry == null) {
            return null;
        }
        T object = stub.get();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(entry.namespace().isEmpty() ? null : entry.namespace());
        metadata.setName(entry.name());
        metadata.setResourceVersion(entry.resourceVersion());
        object.setMetadata(metadata);
        return object;
    }

    private static String namespace(String namespace) {
        return namespace == null ? "" : namespace;
    }

    @SuppressWarnings("unchecked")
    private static <R> Entry<R>[] newHolder() {
        return (Entry<R>[]) new Entry<?>[1];
    }
}
