package dev.dswebhook.policy;

/** What a broken rule does: deny the request, let it through with a warning, or nothing at all. */
public enum EnforcementMode {
    /** Deny the request. */
    ENFORCE,
    /** Allow the request, and return the violation as a warning the user sees. */
    WARN,
    /** Nothing: the rule is switched off, and its violations are not reported. */
    OFF
}
