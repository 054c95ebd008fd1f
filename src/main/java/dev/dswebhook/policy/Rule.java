package dev.dswebhook.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The named rules a DaemonSet can break, each with what it does by default; each name is stable
 * because operators key metrics and overrides on it.
 */
public enum Rule {
    SELECTOR_MISMATCH(
            "selector-mismatch",
            Scope.API_SERVER,
            EnforcementMode.ENFORCE,
            "spec.selector must select the pod template's labels"),
    EMPTY_SELECTOR("empty-selector", Scope.API_SERVER, EnforcementMode.ENFORCE, "spec.selector must not be empty"),
    INVALID_SELECTOR(
            "invalid-selector",
            Scope.API_SERVER,
            EnforcementMode.ENFORCE,
            "spec.selector must be a valid label selector"),
    INVALID_LABELS(
            "invalid-labels",
            Scope.API_SERVER,
            EnforcementMode.ENFORCE,
            "the pod template's labels must be valid label keys and values"),
    RESTART_POLICY(
            "restart-policy",
            Scope.API_SERVER,
            EnforcementMode.ENFORCE,
            "the pod template's restartPolicy must be Always"),
    SELECTOR_IMMUTABLE(
            "selector-immutable", Scope.API_SERVER, EnforcementMode.ENFORCE, "spec.selector cannot change on update"),
    MALFORMED_OBJECT(
            "malformed-object",
            Scope.API_SERVER,
            EnforcementMode.ENFORCE,
            "every field must have the type the API defines"),
    /**
     * A rolling update that surges a pod holding a host port: the new pod can never be scheduled
     * beside the old one, so every rollout stalls. The API server lets it through.
     */
    HOST_PORT_SURGE(
            "host-port-surge",
            Scope.OBJECT,
            EnforcementMode.ENFORCE,
            "a rolling update must not surge a pod that takes a host port"),
    /** The selector takes in pods that are not the DaemonSet's own, which it would adopt once they have no owner. */
    SELECTOR_OVERLAP(
            "selector-overlap",
            Scope.CLUSTER,
            EnforcementMode.WARN,
            "the selector should not take in pods it does not own",
            ClusterKind.Role.WORKLOAD,
            ClusterKind.Role.DAEMON_SET,
            ClusterKind.Role.POD),
    /** Another DaemonSet, or a workload's pods, take the same host port on a Node the DaemonSet runs on. */
    HOST_PORT_CONFLICT(
            "host-port-conflict",
            Scope.CLUSTER,
            EnforcementMode.ENFORCE,
            "no other pod on a Node the DaemonSet runs on may take the same host port",
            ClusterKind.Role.DAEMON_SET,
            ClusterKind.Role.WORKLOAD,
            ClusterKind.Role.NODE,
            ClusterKind.Role.PRIORITY_CLASS,
            ClusterKind.Role.POD),
    /** Another DaemonSet of the same daemon, in any namespace, runs on the same Nodes. */
    DAEMON_FAMILY_OVERLAP(
            "daemon-family-overlap",
            Scope.CLUSTER,
            EnforcementMode.WARN,
            "DaemonSets of one daemon must not run on the same Nodes",
            ClusterKind.Role.DAEMON_SET,
            ClusterKind.Role.NODE),
    /** The DaemonSet runs on no Node, or taints it does not tolerate keep it off Nodes it selects. */
    NODE_COVERAGE(
            "node-coverage",
            Scope.CLUSTER,
            EnforcementMode.WARN,
            "the DaemonSet should run on every Node it selects, and on some Node",
            ClusterKind.Role.NODE),
    /** The DaemonSets of one daemon leave Nodes with no copy of it while they cover others. */
    DAEMON_FAMILY_GAP(
            "daemon-family-gap",
            Scope.CLUSTER,
            EnforcementMode.WARN,
            "the DaemonSets of one daemon should leave no Node without it",
            ClusterKind.Role.DAEMON_SET,
            ClusterKind.Role.NODE),
    /** The pod's requests, with those of the other DaemonSets on a Node, exceed what the Node offers. */
    REQUESTS_FIT(
            "requests-fit",
            Scope.CLUSTER,
            EnforcementMode.WARN,
            "the pod's requests, with the other DaemonSets', must fit every Node it runs on",
            ClusterKind.Role.DAEMON_SET,
            ClusterKind.Role.NODE),
    /**
     * The DaemonSet is written in an API version the API server no longer serves. Only the check
     * command meets it: the API server refuses such a write before any webhook is called.
     */
    REMOVED_API_VERSION(
            "removed-api-version",
            Scope.MANIFEST,
            EnforcementMode.ENFORCE,
            "DaemonSets are served as apps/v1 only; extensions/v1beta1 and apps/v1beta2 were removed in 1.16");

    /** What a rule looks at, which decides who can judge it and how an update inherits it. */
    public enum Scope {
        /** The object alone, as the API server's own validation also judges it, in its words. */
        API_SERVER,
        /** The object alone, beyond what the API server checks. */
        OBJECT,
        /** The object against the rest of the cluster; a {@link ClusterRule} judges it. */
        CLUSTER,
        /** The manifest as written, before any API server reads it: the check command only. */
        MANIFEST
    }

    private final String id;
    private final Scope scope;
    private final EnforcementMode defaultMode;
    private final String summary;
    private final Set<ClusterKind.Role> reads;

    Rule(String id, Scope scope, EnforcementMode defaultMode, String summary, ClusterKind.Role... reads) {
        this.id = id;
        this.scope = scope;
        this.defaultMode = defaultMode;
        this.summary = summary;
        this.reads = reads.length == 0 ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(List.of(reads)));
        if (seesTheCluster() == this.reads.isEmpty()) {
            throw new IllegalStateException(id + ": a CLUSTER rule says which kinds it reads, any other reads none");
        }
    }

    /**
     * The roles of the kinds the rule reads besides the object it judges: it is skipped while any of
     * them cannot be trusted, and only then. Tests hold each rule to it ({@link RuleView}).
     */
    public Set<ClusterKind.Role> reads() {
        return reads;
    }

    /** What the rule looks at. */
    public Scope scope() {
        return scope;
    }

    /** What the rule asks of a DaemonSet, in one line, for reports that list the rules. */
    public String summary() {
        return summary;
    }

    /** The kebab-case name used in metrics, logs and configuration. */
    public String id() {
        return id;
    }

    /** What the rule does in {@code enforce} mode unless an override says otherwise. */
    public EnforcementMode defaultMode() {
        return defaultMode;
    }

    /** Whether the rule looks beyond the object, at the rest of the cluster. */
    public boolean seesTheCluster() {
        return scope == Scope.CLUSTER;
    }

    /** Looks a rule up by its kebab-case name. */
    public static Optional<Rule> byId(String id) {
        for (Rule rule : values()) {
            if (rule.id.equals(id)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
