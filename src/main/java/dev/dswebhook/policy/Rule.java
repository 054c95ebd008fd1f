package dev.dswebhook.policy;

import java.util.Optional;

/**
 * The named rules a DaemonSet can break, each with what it does by default; each name is stable
 * because operators key metrics and overrides on it.
 */
public enum Rule {
    SELECTOR_MISMATCH("selector-mismatch", EnforcementMode.ENFORCE),
    EMPTY_SELECTOR("empty-selector", EnforcementMode.ENFORCE),
    INVALID_SELECTOR("invalid-selector", EnforcementMode.ENFORCE),
    INVALID_LABELS("invalid-labels", EnforcementMode.ENFORCE),
    RESTART_POLICY("restart-policy", EnforcementMode.ENFORCE),
    SELECTOR_IMMUTABLE("selector-immutable", EnforcementMode.ENFORCE),
    MALFORMED_OBJECT("malformed-object", EnforcementMode.ENFORCE),
    /** The selector overlaps the pods of another workload controller in the namespace. */
    SELECTOR_OVERLAP("selector-overlap", EnforcementMode.ENFORCE),
    /** Another DaemonSet that can run on the same Nodes takes the same host port. */
    HOST_PORT_CONFLICT("host-port-conflict", EnforcementMode.ENFORCE),
    /** Another DaemonSet of the same daemon can run on the same Nodes. */
    DAEMON_FAMILY_OVERLAP("daemon-family-overlap", EnforcementMode.WARN);

    private final String id;
    private final EnforcementMode defaultMode;

    Rule(String id, EnforcementMode defaultMode) {
        this.id = id;
        this.defaultMode = defaultMode;
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
        return this == SELECTOR_OVERLAP || this == HOST_PORT_CONFLICT || this == DAEMON_FAMILY_OVERLAP;
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
