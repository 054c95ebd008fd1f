package dev.dswebhook.policy;

/** The named rules a DaemonSet can break; each name is stable because operators key metrics and overrides on it. */
public enum Rule {
    SELECTOR_MISMATCH("selector-mismatch"),
    EMPTY_SELECTOR("empty-selector"),
    INVALID_SELECTOR("invalid-selector"),
    INVALID_LABELS("invalid-labels"),
    RESTART_POLICY("restart-policy"),
    SELECTOR_IMMUTABLE("selector-immutable"),
    MALFORMED_OBJECT("malformed-object");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    /** The kebab-case name used in metrics, logs and configuration. */
    public String id() {
        return id;
    }

    /** Looks a rule up by its kebab-case name. */
    public static java.util.Optional<Rule> byId(String id) {
        for (Rule rule : values()) {
            if (rule.id.equals(id)) {
                return java.util.Optional.of(rule);
            }
        }
        return java.util.Optional.empty();
    }
}
