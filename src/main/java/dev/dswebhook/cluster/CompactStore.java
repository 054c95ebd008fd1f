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

    /**
     * One object: its resource version as a number when it is one, as the API server's always are
     * in practice, and as text otherwise, since the informer must get back exactly what it stored;
     * its name is the key it is kept under in its namespace.
     */
    private record Entry<R>(long version, String versionText, R value) {

        static <R> Entry<R> of(String resourceVersion, R value) {
            if (resourceVersion != null
                    && !resourceVersion.isEmpty()
                    && resourceVersion.length() < 19
                    && resourceVersion.charAt(0) != '0'
                    && resourceVersion.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new Entry<>(Long.parseLong(resourceVersion), null, value);
            }
            return new Entry<>(0, resourceVersion, value);
        }

        String resourceVersion() {
            return versionText != null || version == 0 ? versionText : Long.toString(version);
        }
    }

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
        // Interned: the namespace is the key of the outer map, and thousands of objects share it.
        String namespace = namespace(metadata.getNamespace()).intern();
        String name = metadata.getName();
        Entry<R> entry = Entry.of(metadata.getResourceVersion(), compact.apply(object));
        Entry<R>[] previous = newHolder();
        byNamespace.compute(namespace, (ns, names) -> {
            Map<String, Entry<R>> map = names == null ? new ConcurrentHashMap<>() : names;
            previous[0] = map.put(name, entry);
            return map;
        });
        changes.incrementAndGet();
        return stub(namespace, name, previous[0]);
    }

    @Override
    public T remove(String key) {
        int slash = key.indexOf('/');
        String namespace = slash < 0 ? "" : key.substring(0, slash);
        String name = key.substring(slash + 1);
        Entry<R>[] removed = newHolder();
        byNamespace.computeIfPresent(namespace, (ns, names) -> {
            removed[0] = names.remove(name);
            return names.isEmpty() ? null : names;
        });
        changes.incrementAndGet();
        return stub(namespace, name, removed[0]);
    }

    @Override
    public Stream<String> keySet() {
        return byNamespace.entrySet().stream()
                .flatMap(names -> names.getValue().keySet().stream()
                        .map(name -> names.getKey().isEmpty() ? name : names.getKey() + "/" + name));
    }

    @Override
    public Stream<T> values() {
        return byNamespace.entrySet().stream()
                .flatMap(names -> names.getValue().entrySet().stream()
                        .map(entry -> stub(names.getKey(), entry.getKey(), entry.getValue())));
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
        String namespace = slash < 0 ? "" : key.substring(0, slash);
        String name = key.substring(slash + 1);
        Map<String, Entry<R>> names = byNamespace.get(namespace);
        return names == null ? null : stub(namespace, name, names.get(name));
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

    private T stub(String namespace, String name, Entry<R> entry) {
        if (entry == null) {
            return null;
        }
        T object = stub.get();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(namespace.isEmpty() ? null : namespace);
        metadata.setName(name);
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
