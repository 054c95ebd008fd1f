package dev.dswebhook.policy;

/** What a broken rule does: deny the request, or let it through with a warning. */
public enum EnforcementMode {
    /** Deny the request. */
    ENFORCE,
    /** Allow the request, and return the violation as a warning the user sees. */
    WARN
}
