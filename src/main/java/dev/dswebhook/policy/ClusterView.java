package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
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
    ClusterView EMPTY = new ClusterView() {
        @Override
        public List<Workload> workloads(String namespace) {
            return List.of();
        }

        @Override
        public List<DaemonSetInput> daemonSets() {
            return List.of();
        }

        @Override
        public Optional<List<Node>> nodes() {
            return Optional.empty();
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }
    };

    /**
     * The workload controllers of a namespace other than DaemonSets (Deployments, ReplicaSets
     * that no Deployment owns, StatefulSets, ReplicationControllers), with their pod templates' labels.
     */
    List<Workload> workloads(String namespace);

    /** Every DaemonSet of every namespace. */
    List<DaemonSetInput> daemonSets();

    /** Every Node with its labels, or empty when Nodes are not known at all. */
    Optional<List<Node>> nodes();

    /** Why the view cannot be trusted now, such as a cache that is not in sync, or empty when it can. */
    Optional<String> unavailable();

    /**
     * A workload controller that creates pods.
     *
     * @param kind           its kind, such as {@code Deployment}
     * @param namespace      its namespace
     * @param name           its name
     * @param selector       its {@code spec.selector}, or {@code null}
     * @param templateLabels its pod template's labels, never {@code null}
     */
    record Workload(
            String kind, String namespace, String name, LabelSelector selector, Map<String, String> templateLabels) {

        public Workload {
            templateLabels = templateLabels == null ? Map.of() : Map.copyOf(templateLabels);
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
