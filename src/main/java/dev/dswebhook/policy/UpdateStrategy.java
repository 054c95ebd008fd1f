package dev.dswebhook.policy;

/**
 * A DaemonSet's {@code spec.updateStrategy}, as far as the rules read it.
 *
 * @param type     {@code RollingUpdate} or {@code OnDelete}; {@code null} when unset, which the API server defaults to {@code RollingUpdate}
 * @param maxSurge {@code rollingUpdate.maxSurge} as written: a number such as {@code 1}, a percentage such as
 *                 {@code 25%}, or {@code null} when unset, which the API server defaults to 0
 */
public record UpdateStrategy(String type, Object maxSurge) {

    /** The strategy of a DaemonSet that sets none. */
    public static final UpdateStrategy DEFAULT = new UpdateStrategy(null, null);

    /** Where {@code maxSurge} is. */
    public static final String MAX_SURGE = "spec.updateStrategy.rollingUpdate.maxSurge";

    /**
     * Whether a rolling update creates each new pod beside the old one before deleting it: a
     * rolling update with a {@code maxSurge} other than 0 or {@code 0%}. A percentage is rounded up
     * against the number of Nodes ({@code intstr.GetScaledValueFromIntOrPercent} with roundUp), so
     * any percentage above 0 surges.
     */
    public boolean surges() {
        if (type != null && !type.isEmpty() && !type.equals("RollingUpdate")) {
            return false;
        }
        if (maxSurge instanceof Integer surge) {
            return surge > 0;
        }
        if (maxSurge instanceof String surge) {
            String digits = surge.endsWith("%") ? surge.substring(0, surge.length() - 1) : surge;
            try {
                return Integer.parseInt(digits) > 0;
            } catch (NumberFormatException e) {
                // The API server refuses such a value before any webhook sees it.
                return false;
            }
        }
        return false;
    }
}
