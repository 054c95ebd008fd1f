package dev.dswebhook.policy;

/**
 * What the rules can be told, beyond which of them deny.
 *
 * @param familyLabel the pod template label whose value names the daemon a DaemonSet runs, for
 *                    {@code daemon-family-overlap}; {@code app.kubernetes.io/name} by default
 */
public record PolicySettings(String familyLabel) {

    /** The settings a fresh install has. */
    public static final PolicySettings DEFAULTS = new PolicySettings("app.kubernetes.io/name");

    public PolicySettings {
        if (familyLabel == null || !LabelSyntax.isValidKey(familyLabel)) {
            throw new IllegalArgumentException("the family label must be a valid label key, not '" + familyLabel + "'");
        }
    }
}
