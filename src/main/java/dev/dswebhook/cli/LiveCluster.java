package dev.dswebhook.cli;

import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import java.io.File;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A read-only look at a live cluster, for {@code check --cluster}: the objects of every watched
 * {@link ClusterKind}, listed page by page with the kubeconfig's credentials when it is opened, and the pods a DaemonSet's selector takes in, listed when a DaemonSet is
 * judged; nothing is written.
 *
 * <p>It needs list rights on those kinds, the same ones the webhook's ClusterRole grants. Nodes
 * and priority classes are optional: without the right to list Nodes, placement is judged
 * symbolically, as for files alone, and without the right to list priority classes only the
 * built-in ones are known.
 */
final class LiveCluster implements AutoCloseable {

    /** Objects per list call, so that a large cluster is read in bounded pieces. */
    private static final int PAGE = 500;

    /** Pods per look-up: enough to name a few and to find where a workload's run. */
    private static final long PODS = 100;

    /**
     * What was read.
     *
     * @param objects     every object of the watched kinds, as the API server stores it
     * @param nodesListed whether the Nodes could be listed (none listed is then no Node at all)
     * @param namespace   the kubeconfig context's namespace, where {@code kubectl apply} puts an
     *                    object that names none
     */
    record Snapshot(List<HasMetadata> objects, boolean nodesListed, String namespace) {

        /** The DaemonSets by namespace/name. */
        Map<String, DaemonSetInput> daemonSetsByName() {
            Map<String, DaemonSetInput> out = new LinkedHashMap<>();
            for (HasMetadata object : objects) {
                if (object instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds) {
                    DaemonSetInput input = DaemonSetInput.of(ds);
                    out.put(input.namespace() + "/" + input.name(), input);
                }
            }
            return out;
        }
    }

    private final Config config;
    private final KubernetesClient client;
    private final Snapshot snapshot;

    private LiveCluster(Config config, KubernetesClient client) {
        this.config = config;
        this.client = client;
        this.snapshot = read();
    }

    /** How an object is told apart from others: kind, namespace and name. */
    static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    /**
     * Opens the cluster a kubeconfig points at, and reads it.
     *
     * @param kubeconfig the kubeconfig file, or {@code null} for kubectl's default ({@code KUBECONFIG},
     *                   then {@code ~/.kube/config}, then the in-cluster service account)
     * @param context    the context to use, or {@code null} for the current one
     */
    static LiveCluster open(String kubeconfig, String context) throws UsageException {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, new File(kubeconfig));
        // A check that cannot reach the cluster should say so at once, not retry for a minute.
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        try {
            return new LiveCluster(config, client);
        } catch (KubernetesClientException e) {
            client.close();
            throw new UsageException("cannot read the cluster at " + config.getMasterUrl() + ": " + firstLine(e));
        }
    }

    /** What was read when it was opened. */
    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Lists every watched kind, page by page. Nodes and priority classes may be refused: without
     * them placement is judged symbolically, and only the built-in priority classes are known.
     */
    private Snapshot read() {
        List<HasMetadata> objects = new ArrayList<>();
        boolean nodesListed = false;
        for (ClusterKind kind : ClusterKind.watched()) {
            boolean optional = !kind.namespaced();
            List<HasMetadata> listed = new ArrayList<>();
            boolean allowed = optional ? listed(() -> list(kind, listed)) : listed(() -> list(kind, listed), true);
            objects.addAll(listed);
            nodesListed |= kind.role() == ClusterKind.Role.NODE && allowed;
        }
        String namespace = config.getNamespace() == null ? "default" : config.getNamespace();
        return new Snapshot(objects, nodesListed, namespace);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void list(ClusterKind kind, List<HasMetadata> into) {
        var resources = client.resources((Class) kind.type());
        Listable<KubernetesResourceList<HasMetadata>> source =
                kind.namespaced() ? (Listable) resources.inAnyNamespace() : (Listable) resources;
        each(source, into::add);
    }

    /**
     * The first pods of a namespace that a selector takes in, listed now; not known, with the
     * reason, when the credentials may not list pods or the list fails.
     */
    ClusterView.Pods pods(String namespace, LabelSelector selector) {
        try {
            PodList list = client.pods()
                    .inNamespace(namespace)
                    .withLabelSelector(selector)
                    .list(new ListOptionsBuilder().withLimit(PODS).build());
            List<ClusterView.Pod> out = new ArrayList<>(list.getItems().size());
            list.getItems().forEach(pod -> ClusterObjects.pod(pod).ifPresent(out::add));
            String next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
            return new ClusterView.Pods(out, next != null && !next.isEmpty(), null);
        } catch (KubernetesClientException e) {
            return ClusterView.Pods.unknown("pods not listed: " + firstLine(e));
        }
    }

    /** Runs a list, and says whether it was allowed: a kind the credentials may not list is left out. */
    private static boolean listed(Runnable list) {
        return listed(list, false);
    }

    /** Runs a list; a refusal is an answer when it may be, and fails the check otherwise. */
    private static boolean listed(Runnable list, boolean required) {
        try {
            list.run();
            return true;
        } catch (KubernetesClientException e) {
            if (required || e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                throw e;
            }
            return false;
        }
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> void each(
            Listable<L> kind, Consumer<T> into) {
        String next = null;
        do {
            L page = kind.list(PAGE, next);
            page.getItems().forEach(into);
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }

    @Override
    public void close() {
        client.close();
    }
}
