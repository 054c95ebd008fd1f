package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rest of the cluster, as far as the rules that see more than one object need it: which
 * workload controllers, DaemonSets, Nodes and priority classes exist, with just the fields those
 * rules read, and which pods have no owner.
 *
 * <p>It is a plain interface so that one rule can be fed from anywhere: the webhook fills it from
 * informers over the API server, and the {@code check} command from the files it was given.
 */
public interface ClusterView {

    /** A view of nothing: no other objects, no Nodes. */
    ClusterView EMPTY = new NoCluster(null);

    /** A view none of whose kinds can be trusted, for this reason: every rule that reads one is skipped. */
    static ClusterView blind(String reason) {
        return new NoCluster(reason);
    }

    /**
     * The workload controllers of a namespace other than DaemonSets (Deployments, ReplicaSets,
     * StatefulSets, ReplicationControllers), with their pod templates' labels; a ReplicaSet that a
     * Deployment controls is there as that Deployment ({@link ClusterObjects#workload}).
     */
    List<Workload> workloads(String namespace);

    /** The workload controllers of every namespace whose pods take host ports. */
    List<Workload> workloadsWithHostPorts();

    /** Every DaemonSet of every namespace. */
    List<DaemonSetInput> daemonSets();

    /** Every Node with its labels, or empty when Nodes are not known at all. */
    Optional<List<Node>> nodes();

    /** The priority classes the cluster has besides the built-in ones, which every cluster has. */
    List<PriorityClass> priorityClasses();

    /**
     * The pods of a namespace that a selector takes in and that have not run to completion: those a
     * DaemonSet with that selector would adopt when no controller owns them, and those of a workload
     * that take its host ports on their Nodes. Pods are the most numerous kind in a cluster, so the
     * webhook asks the API server for these when a DaemonSet is written instead of caching them.
     */
    Pods pods(String namespace, io.fabric8.kubernetes.api.model.LabelSelector selector);

    /**
     * The roles whose objects cannot be trusted now, each with why (such as a cache that is not in
     * sync, or a kind the webhook may not list); empty when all can. A rule that reads one of them
     * is skipped, and only such a rule.
     */
    Map<ClusterKind.Role, String> untrusted();

    /**
     * Whether {@link #pods} waits on the API server, so that a judgement must not run on a thread
     * that may not block.
     */
    default boolean listsPodsLive() {
        return false;
    }

    /** This view without pods: for judging where no pods are to be listed, such as a warm-up. */
    default ClusterView withoutPods() {
        return PodLookups.none(this);
    }

    /**
     * A workload controller that creates pods, as the cluster-aware rules read it.
     *
     * @param kind              its kind, such as {@code Deployment}
     * @param namespace         its namespace
     * @param name              its name
     * @param templateLabels    its pod template's labels, which every pod it creates carries; never {@code null}
     * @param replicas          how many pods it asks for ({@code spec.replicas}, 1 when unset)
     * @param placement         where its pods can run
     * @param hostPorts         the ports its pods take on their Node
     * @param priorityClassName its pods' priority class, empty when none
     */
    record Workload(
            String kind,
            String namespace,
            String name,
            Map<String, String> templateLabels,
            int replicas,
            Placement placement,
            List<HostPort> hostPorts,
            String priorityClassName) {

        public Workload {
            // Thousands of workloads share their namespaces, label keys and values.
            namespace = namespace == null ? "" : Interned.string(namespace);
            // A Deployment's name repeats in each of its ReplicaSets with pods.
            name = name == null ? "" : Interned.string(name);
            templateLabels = Interned.map(templateLabels);
            placement = placement == null ? Placement.NOWHERE_IN_PARTICULAR : placement.shared();
            hostPorts = hostPorts == null || hostPorts.isEmpty() ? List.of() : List.copyOf(hostPorts);
            priorityClassName = priorityClassName == null ? "" : Interned.string(priorityClassName);
        }

        /** A workload known only by its pods' labels, which run anywhere and take no host port. */
        public Workload(String kind, String namespace, String name, Map<String, String> templateLabels) {
            this(kind, namespace, name, templateLabels, 1, null, List.of(), "");
        }

        /** How a message names it: {@code Deployment "web"}, with the namespace when it differs. */
        public String displayName(String fromNamespace) {
            return kind + " \"" + (namespace.equals(fromNamespace) ? name : namespace + "/" + name) + "\"";
        }

        /** The same workload in another namespace. */
        public Workload inNamespace(String other) {
            return new Workload(kind, other, name, templateLabels, replicas, placement, hostPorts, priorityClassName);
        }
    }

    /**
     * A Node, as placement reads it.
     *
     * @param name          {@code metadata.name}
     * @param labels        its labels, never {@code null}
     * @param taints        its taints ({@code spec.taints}), never {@code null}
     * @param unschedulable whether it is cordoned ({@code spec.unschedulable})
     * @param allocatable   what it offers pods ({@code status.allocatable}) of {@code cpu}, {@code memory}
     *                      and {@code pods}, in their base units; empty when not reported
     */
    record Node(
            String name,
            Map<String, String> labels,
            List<Taint> taints,
            boolean unschedulable,
            Map<String, java.math.BigDecimal> allocatable) {

        /** The resources whose allocatable amount the rules compare requests with. */
        public static final List<String> RESOURCES = List.of("cpu", "memory", "pods");

        public Node {
            // Before the labels: the kubelet's hostname label then shares the name's one copy.
            name = Interned.string(name);
            labels = Interned.map(labels);
            taints = taints == null || taints.isEmpty() ? List.of() : List.copyOf(taints);
            allocatable = allocatable == null || allocatable.isEmpty() ? Map.of() : Map.copyOf(allocatable);
        }

        /** An untainted, schedulable Node that reports no allocatable resources. */
        public Node(String name, Map<String, String> labels) {
            this(name, labels, List.of(), false, Map.of());
        }
    }

    /**
     * A priority class, which gives the pods that name it their priority.
     *
     * @param name          {@code metadata.name}
     * @param value         the priority
     * @param globalDefault whether pods that name no class get this one
     * @param preempts      whether its pods may preempt lower ones ({@code preemptionPolicy} other than {@code Never})
     */
    record PriorityClass(String name, int value, boolean globalDefault, boolean preempts) {}

    /**
     * A pod, as the rules read it.
     *
     * @param name     {@code metadata.name}
     * @param nodeName the Node it is bound to, empty while it is not
     * @param owned    whether a controller owns it (an owner reference with {@code controller: true})
     */
    record Pod(String name, String nodeName, boolean owned) {

        public Pod {
            nodeName = nodeName == null ? "" : nodeName;
        }
    }

    /**
     * The pods a selector takes in, as far as they were listed.
     *
     * @param pods    the first of them, in the API server's order
     * @param more    whether there are more than {@code pods}
     * @param unknown why they are not known, or {@code null} when they are
     */
    record Pods(List<Pod> pods, boolean more, String unknown) {

        /** None, for certain. */
        public static final Pods NONE = new Pods(List.of(), false, null);

        public Pods {
            pods = List.copyOf(pods);
        }

        /** Not known, for this reason. */
        public static Pods unknown(String why) {
            return new Pods(List.of(), false, why);
        }

        /** Whether they are known. */
        public boolean known() {
            return unknown == null;
        }
    }
}
