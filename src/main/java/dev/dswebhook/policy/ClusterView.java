package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rest of the cluster, as far as the rules that see more than one object need it: which
 * workload controllers, DaemonSets and Nodes exist, with just the fields those rules read.
 *
 * <p>It is a plain interface so that one rule can be fed from anywhere: the webhook fills it from
 * informers over the API server, and the {@code check} command from the files it was given.
 */
public interface ClusterView {

    /** A view of nothing: no other objects, no Nodes. */
    ClusterView EMPTY = new NoCluster(null);

    /** A view that cannot be trusted, for this reason: the rules that need it are skipped. */
    static ClusterView blind(String reason) {
        return new NoCluster(reason);
    }

    /**
     * The workload controllers of a namespace other than DaemonSets (Deployments, ReplicaSets,
     * StatefulSets, ReplicationControllers), with their pod templates' labels; a ReplicaSet that a
     * Deployment controls is there as that Deployment ({@link ClusterObjects#workload}).
     */
    List<Workload> workloads(String namespace);

    /** Every DaemonSet of every namespace. */
    List<DaemonSetInput> daemonSets();

    /** Every Node with its labels, or empty when Nodes are not known at all. */
    Optional<List<Node>> nodes();

    /** Why the view cannot be trusted now, such as a cache that is not in sync, or empty when it can. */
    Optional<String> unavailable();

    /**
     * A workload controller that creates pods, as the cluster-aware rules read it.
     *
     * @param kind           its kind, such as {@code Deployment}
     * @param namespace      its namespace
     * @param name           its name
     * @param templateLabels its pod template's labels, which every pod it creates carries; never {@code null}
     */
    record Workload(String kind, String namespace, String name, Map<String, String> templateLabels) {

        public Workload {
            namespace = namespace == null ? "" : namespace;
            name = name == null ? "" : name;
            templateLabels = templateLabels == null ? Map.of() : Map.copyOf(templateLabels);
        }

        /** How a message names it: {@code Deployment "web"}. */
        public String displayName() {
            return kind + " \"" + name + "\"";
        }
    }

    /**
     * A Node, as node targeting reads it.
     *
     * @param name   {@code metadata.name}
     * @param labels its labels, never {@code null}
     */
    record Node(String name, Map<String, String> labels) {

        public Node {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }
}
