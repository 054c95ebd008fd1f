package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds the rules read besides the DaemonSet they judge, each once: the webhook's informers,
 * {@code check --cluster}, the check command's reader of files, the ClusterRole (held to this list by
 * a test) and the test fixtures all take them from here, so that a new kind is one constant.
 *
 * <p>Each kind plays a {@link Role} for the rules; a new role makes every {@code switch} over roles
 * fail to compile until it is handled.
 */
public enum ClusterKind {
    DAEMON_SET("apps", "DaemonSet", "daemonsets", DaemonSet.class, Role.DAEMON_SET, Access.WATCHED),
    DEPLOYMENT("apps", "Deployment", "deployments", Deployment.class, Role.WORKLOAD, Access.WATCHED),
    REPLICA_SET("apps", "ReplicaSet", "replicasets", ReplicaSet.class, Role.WORKLOAD, Access.WATCHED),
    STATEFUL_SET("apps", "StatefulSet", "statefulsets", StatefulSet.class, Role.WORKLOAD, Access.WATCHED),
    REPLICATION_CONTROLLER(
            "",
            "ReplicationController",
            "replicationcontrollers",
            ReplicationController.class,
            Role.WORKLOAD,
            Access.WATCHED),
    NODE("", "Node", "nodes", Node.class, Role.NODE, Access.WATCHED),
    PRIORITY_CLASS(
            "scheduling.k8s.io",
            "PriorityClass",
            "priorityclasses",
            PriorityClass.class,
            Role.PRIORITY_CLASS,
            Access.WATCHED),
    /** Pods are the most numerous objects of a cluster: listed by selector when a DaemonSet is judged, never cached. */
    POD("", "Pod", "pods", Pod.class, Role.POD, Access.LISTED);

    /** What the rules make of a kind's objects. */
    public enum Role {
        /** Another DaemonSet, as {@link DaemonSetInput}. */
        DAEMON_SET,
        /** A workload controller that creates pods, as {@link ClusterView.Workload}. */
        WORKLOAD,
        /** A Node, as {@link ClusterView.Node}. */
        NODE,
        /** A priority class, as {@link ClusterView.PriorityClass}. */
        PRIORITY_CLASS,
        /** A pod, as {@link ClusterView.Pod}. */
        POD
    }

    /** How the webhook reads a kind, and so which verbs its ClusterRole grants. */
    public enum Access {
        /** Listed and watched by an informer into a cache: {@code list} and {@code watch}. */
        WATCHED,
        /** Listed by selector when needed, never cached: {@code list}. */
        LISTED
    }

    private final String group;
    private final String kind;
    private final String resource;
    private final Class<? extends HasMetadata> type;
    private final Role role;
    private final Access access;

    ClusterKind(
            String group, String kind, String resource, Class<? extends HasMetadata> type, Role role, Access access) {
        this.group = group;
        this.kind = kind;
        this.resource = resource;
        this.type = type;
        this.role = role;
        this.access = access;
    }

    /** The API group, empty for the core group. */
    public String group() {
        return group;
    }

    /** {@code apiVersion} as manifests write it, such as {@code apps/v1} or {@code v1}. */
    public String apiVersion() {
        return group.isEmpty() ? "v1" : group + "/v1";
    }

    /** {@code kind}, such as {@code DaemonSet}. */
    public String kind() {
        return kind;
    }

    /** The resource name RBAC rules grant, such as {@code daemonsets}. */
    public String resource() {
        return resource;
    }

    /** How messages, readiness and metrics name the kind's objects: {@code DaemonSets}, {@code PriorityClasses}. */
    public String plural() {
        return kind + (kind.endsWith("s") ? "es" : "s");
    }

    /** The fabric8 model class. */
    public Class<? extends HasMetadata> type() {
        return type;
    }

    /** What the rules make of its objects. */
    public Role role() {
        return role;
    }

    /** How the webhook reads it. */
    public Access access() {
        return access;
    }

    /** Whether its objects live in namespaces. */
    public boolean namespaced() {
        return role != Role.NODE && role != Role.PRIORITY_CLASS;
    }

    /** The kinds the webhook's informers watch, in the order they are listed. */
    public static List<ClusterKind> watched() {
        return Arrays.stream(values()).filter(k -> k.access == Access.WATCHED).toList();
    }

    /** The kind a manifest's {@code apiVersion} and {@code kind} name, if the rules read it. */
    public static Optional<ClusterKind> of(String apiVersion, String kind) {
        return Arrays.stream(values())
                .filter(k -> k.apiVersion().equals(apiVersion) && k.kind.equals(kind))
                .findFirst();
    }

    /** The kind of a fabric8 model object, if the rules read it. */
    public static Optional<ClusterKind> of(HasMetadata object) {
        return Arrays.stream(values()).filter(k -> k.type.isInstance(object)).findFirst();
    }
}
