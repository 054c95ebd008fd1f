package dev.dswebhook.cli;

import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
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
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A read-only look at a live cluster, for {@code check --cluster}: its DaemonSets, workload
 * controllers and Nodes, listed page by page with the kubeconfig's credentials, and nothing written.
 *
 * <p>It needs list rights on those kinds, the same ones the webhook's ClusterRole grants. Nodes
 * are optional: without the right to list them, node targeting is judged symbolically, as for
 * files alone.
 */
final class LiveCluster {

    /** Objects per list call, so that a large cluster is read in bounded pieces. */
    private static final int PAGE = 500;

    /**
     * What was read.
     *
     * @param workloads  the workload controllers, by {@link #key} of the object they were read from
     * @param daemonSets every DaemonSet
     * @param nodes      the Nodes, or empty when they could not be listed
     * @param namespace  the kubeconfig context's namespace, where {@code kubectl apply} puts an
     *                   object that names none
     */
    record Snapshot(
            Map<String, ClusterView.Workload> workloads,
            List<DaemonSetInput> daemonSets,
            Optional<List<ClusterView.Node>> nodes,
            String namespace) {

        /** The DaemonSets by namespace/name. */
        Map<String, DaemonSetInput> daemonSetsByName() {
            Map<String, DaemonSetInput> out = new LinkedHashMap<>();
            daemonSets.forEach(ds -> out.put(ds.namespace() + "/" + ds.name(), ds));
            return out;
        }
    }

    private LiveCluster() {}

    /** How an object is told apart from others: kind, namespace and name. */
    static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    /**
     * Reads the cluster a kubeconfig points at.
     *
     * @param kubeconfig the kubeconfig file, or {@code null} for kubectl's default ({@code KUBECONFIG},
     *                   then {@code ~/.kube/config}, then the in-cluster service account)
     * @param context    the context to use, or {@code null} for the current one
     */
    static Snapshot read(String kubeconfig, String context) throws UsageException {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, new File(kubeconfig));
        // A check that cannot reach the cluster should say so at once, not retry for a minute.
        config.setRequestRetryBackoffLimit(0);
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            Map<String, ClusterView.Workload> workloads = new LinkedHashMap<>();
            Consumer<HasMetadata> workload = object -> ClusterObjects.workload(object)
                    .ifPresent(w -> workloads.put(
                            key(
                                    object.getKind(),
                                    w.namespace(),
                                    object.getMetadata().getName()),
                            w));
            List<DaemonSetInput> daemonSets = new ArrayList<>();
            each(client.apps().daemonSets().inAnyNamespace(), ds -> daemonSets.add(DaemonSetInput.of(ds)));
            each(client.apps().deployments().inAnyNamespace(), workload::accept);
            each(client.apps().replicaSets().inAnyNamespace(), workload::accept);
            each(client.apps().statefulSets().inAnyNamespace(), workload::accept);
            each(client.replicationControllers().inAnyNamespace(), workload::accept);
            Optional<List<ClusterView.Node>> nodes;
            try {
                List<ClusterView.Node> list = new ArrayList<>();
                each(client.nodes(), node -> list.add(ClusterObjects.node(node)));
                nodes = Optional.of(list);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                    throw e;
                }
                nodes = Optional.empty();
            }
            String namespace = config.getNamespace() == null ? "default" : config.getNamespace();
            return new Snapshot(workloads, daemonSets, nodes, namespace);
        } catch (KubernetesClientException e) {
            throw new UsageException("cannot read the cluster at " + config.getMasterUrl() + ": " + firstLine(e));
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
}
