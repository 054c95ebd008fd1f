package dev.dswebhook.cluster;

import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.Informable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The webhook's view of the rest of the cluster: one informer per watched {@link ClusterKind}, over
 * the standard client configuration, each keeping only the fields the rules read; and pods, which
 * are not watched but listed by selector when a DaemonSet is judged.
 *
 * <p>It never blocks a request: until a kind's cache has its first list, or while its watch has
 * been down longer than {@code staleAfter}, {@link #untrusted()} says why, and the rules that read
 * that kind are skipped (with a warning on the reply) while the others, and the object's own rules,
 * still apply. Readiness waits for the first lists, but only up to {@code syncTimeout}, and never
 * for a kind the API server refuses to list: a webhook that cannot list the cluster still judges
 * objects alone, which is what it did before it had the view.
 */
public final class InformerCluster implements ClusterView, AutoCloseable {

    /** How long a kind that does not list holds up the start of the next. */
    static final Duration NEXT_KIND_AFTER = Duration.ofSeconds(10);

    private final KindWatch<HasMetadata, DaemonSetInput> daemonSets;
    private final List<KindWatch<HasMetadata, Workload>> workloads = new ArrayList<>();
    private final KindWatch<HasMetadata, ClusterView.Node> nodes;
    private final KindWatch<HasMetadata, ClusterView.PriorityClass> priorityClasses;
    private final List<KindWatch<?, ?>> all;
    private final KubernetesClient podLookups;
    private volatile HostPortWorkloads hostPortWorkloads = new HostPortWorkloads(List.of(), List.of());
    private final long staleNanos;
    private final long readyAnywayAt;
    private final LongSupplier clock;
    private final ScheduledExecutorService sampler;

    /** The workloads that take host ports, and the lists they were picked from, to know when to pick again. */
    private record HostPortWorkloads(List<List<Workload>> from, List<Workload> picked) {}

    private InformerCluster(
            KubernetesClient client,
            Duration syncTimeout,
            Duration staleAfter,
            Duration podsTimeout,
            LongSupplier clock) {
        this.clock = clock;
        this.staleNanos = staleAfter.toNanos();
        this.readyAnywayAt = clock.getAsLong() + syncTimeout.toNanos();
        KindWatch<HasMetadata, DaemonSetInput> daemonSetWatch = null;
        KindWatch<HasMetadata, ClusterView.Node> nodeWatch = null;
        KindWatch<HasMetadata, ClusterView.PriorityClass> classWatch = null;
        List<KindWatch<?, ?>> every = new ArrayList<>();
        for (ClusterKind kind : ClusterKind.watched()) {
            // A switch expression, so that a new role does not compile until it is watched here.
            KindWatch<HasMetadata, ?> watch = switch (kind.role()) {
                case DAEMON_SET ->
                    daemonSetWatch = watch(client, kind, object -> ClusterObjects.daemonSet((DaemonSet) object));
                case WORKLOAD -> {
                    KindWatch<HasMetadata, Workload> workload = watch(
                            client,
                            kind,
                            object -> ClusterObjects.workload(object).orElse(null));
                    workloads.add(workload);
                    yield workload;
                }
                case NODE ->
                    nodeWatch = watch(
                            client, kind, object -> ClusterObjects.node((io.fabric8.kubernetes.api.model.Node) object));
                case PRIORITY_CLASS ->
                    classWatch = watch(
                            client,
                            kind,
                            object -> ClusterObjects.priorityClass(
                                    (io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass) object));
                case POD -> throw new IllegalStateException("pods are listed by selector, never watched");
            };
            every.add(watch);
        }
        this.daemonSets = daemonSetWatch;
        this.nodes = nodeWatch;
        this.priorityClasses = classWatch;
        // A DaemonSet write waits on this list, within the API server's timeout for the webhook.
        this.podLookups = client.newClient(new RequestConfigBuilder()
                        .withRequestTimeout((int) podsTimeout.toMillis())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .adapt(KubernetesClient.class);
        this.all = List.copyOf(every);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cluster-watch-sampler");
            thread.setDaemon(true);
            return thread;
        });
        // One kind at a time: each first list holds a page of full objects in memory until it
        // is compacted, and six at once would be the heap's peak. A kind whose first try fails (no
        // API server yet, no RBAC for it) goes on retrying behind the next; one whose first list
        // is slow holds up the next for NEXT_KIND_AFTER at most.
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        for (KindWatch<?, ?> watch : all) {
            previous = previous.thenCompose(done -> watch.start()
                    .toCompletableFuture()
                    .exceptionally(error -> null)
                    .completeOnTimeout(null, NEXT_KIND_AFTER.toMillis(), TimeUnit.MILLISECONDS));
        }
        // The first lists grow the heap to their peak, pages of full objects, and a serial heap
        // gives memory back only at a full collection: one, once they are in, lets it shrink to
        // what the caches keep (the image's -XX:MaxHeapFreeRatio) instead of holding the peak.
        previous.thenRun(System::gc);
        sampler.scheduleWithFixedDelay(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts watching the cluster the client points at.
     *
     * @param syncTimeout how long readiness waits for the first lists
     * @param staleAfter  how long a watch may be down before its cache is no longer trusted
     * @param podsTimeout how long a list of pods may take before the rules go on without them
     */
    public static InformerCluster start(
            KubernetesClient client, Duration syncTimeout, Duration staleAfter, Duration podsTimeout) {
        return new InformerCluster(client, syncTimeout, staleAfter, podsTimeout, System::nanoTime);
    }

    /** The watch of one kind, over every namespace where it has them, keeping what {@code compact} makes of each object. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> KindWatch<HasMetadata, R> watch(
            KubernetesClient client, ClusterKind kind, java.util.function.Function<HasMetadata, R> compact) {
        io.fabric8.kubernetes.client.dsl.MixedOperation resources = client.resources((Class) kind.type());
        Informable<HasMetadata> source =
                kind.namespaced() ? (Informable) resources.inAnyNamespace() : (Informable) resources;
        return new KindWatch<>(kind, source, () -> newObject(kind), compact);
    }

    /** An empty object of a kind, for the stubs the compact store hands back to its informer. */
    private static HasMetadata newObject(ClusterKind kind) {
        try {
            return kind.type().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's " + kind.type() + " has no public no-argument constructor", e);
        }
    }

    private void sample() {
        long now = clock.getAsLong();
        for (KindWatch<?, ?> watch : all) {
            watch.sample(now);
        }
    }

    @Override
    public List<Workload> workloads(String namespace) {
        List<Workload> out = new ArrayList<>();
        for (KindWatch<?, Workload> watch : workloads) {
            out.addAll(watch.inNamespace(namespace));
        }
        return out;
    }

    @Override
    public List<Workload> workloadsWithHostPorts() {
        List<List<Workload>> from = new ArrayList<>(workloads.size());
        for (KindWatch<?, Workload> watch : workloads) {
            from.add(watch.all());
        }
        HostPortWorkloads last = hostPortWorkloads;
        if (sameLists(last.from(), from)) {
            return last.picked();
        }
        // Few workloads take host ports; pick them again only after a cache changed.
        List<Workload> picked = new ArrayList<>(0);
        for (List<Workload> list : from) {
            for (Workload workload : list) {
                if (!workload.hostPorts().isEmpty()) {
                    picked.add(workload);
                }
            }
        }
        hostPortWorkloads = new HostPortWorkloads(from, List.copyOf(picked));
        return hostPortWorkloads.picked();
    }

    private static boolean sameLists(List<List<Workload>> a, List<List<Workload>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<DaemonSetInput> daemonSets() {
        return daemonSets.all();
    }

    @Override
    public Optional<List<ClusterView.Node>> nodes() {
        return Optional.of(nodes.all());
    }

    @Override
    public List<ClusterView.PriorityClass> priorityClasses() {
        return priorityClasses.all();
    }

    /**
     * The first {@link #PODS} pods the selector takes in, listed from the API server now; not
     * known when the list fails or takes too long, so that the rules go on without them.
     */
    @Override
    public Pods pods(String namespace, io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            PodList list = podLookups
                    .pods()
                    .inNamespace(namespace)
                    .withLabelSelector(selector)
                    .list(new ListOptionsBuilder().withLimit(PODS).build());
            List<Pod> out = new ArrayList<>(list.getItems().size());
            list.getItems().forEach(pod -> ClusterObjects.pod(pod).ifPresent(out::add));
            String next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
            return new Pods(out, next != null && !next.isEmpty(), null);
        } catch (KubernetesClientException e) {
            String summary = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int newline = summary.indexOf('\n');
            return Pods.unknown("pods not listed: " + (newline < 0 ? summary : summary.substring(0, newline)));
        }
    }

    @Override
    public boolean listsPodsLive() {
        return true;
    }

    /** How many pods one look-up reads at most: enough to name a few and to find where a workload's run. */
    static final long PODS = 100;

    /**
     * The roles of the kinds whose cache cannot be trusted now, each with the first of its kinds'
     * problems: a workload kind that fails makes every workload untrusted, since a rule cannot know
     * which kind the workload it misses would have been.
     */
    @Override
    public Map<ClusterKind.Role, String> untrusted() {
        long now = clock.getAsLong();
        Map<ClusterKind.Role, String> out = null;
        for (KindWatch<?, ?> watch : all) {
            Optional<String> problem = watch.problem(now, staleNanos);
            if (problem.isPresent()) {
                if (out == null) {
                    out = new EnumMap<>(ClusterKind.Role.class);
                }
                out.putIfAbsent(watch.kind().role(), problem.get());
            }
        }
        return out == null ? Map.of() : out;
    }

    /** Why the view cannot be wholly trusted now, for readiness: every kind's problem, or empty. */
    public Optional<String> problems() {
        long now = clock.getAsLong();
        List<String> problems = new ArrayList<>(0);
        for (KindWatch<?, ?> watch : all) {
            watch.problem(now, staleNanos).ifPresent(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Whether the pod may take requests: every kind has its first list or was refused by the API
     * server (readiness never waits on a kind it may not list: the rules that read it are skipped
     * until it can), or the wait for the rest is over.
     */
    public boolean ready() {
        return all.stream().allMatch(w -> w.synced() || w.refused()) || clock.getAsLong() - readyAnywayAt >= 0;
    }

    /** How each kind's cache is doing, for readiness and metrics. */
    public List<KindStatus> status() {
        List<KindStatus> out = new ArrayList<>(all.size());
        for (KindWatch<?, ?> watch : all) {
            out.add(new KindStatus(
                    watch.kind().plural(), watch.synced(), watch.watching(), watch.size(), watch.lastError()));
        }
        return out;
    }

    /**
     * How one kind's cache is doing.
     *
     * @param kind      the kind's plural, such as {@code Nodes}
     * @param synced    whether its first list is in
     * @param watching  whether its watch is up
     * @param objects   how many objects are cached
     * @param lastError the last error listing or watching met, or {@code null}
     */
    public record KindStatus(String kind, boolean synced, boolean watching, int objects, String lastError) {}

    @Override
    public void close() {
        sampler.shutdownNow();
        for (KindWatch<?, ?> watch : all) {
            watch.stop();
        }
    }
}
