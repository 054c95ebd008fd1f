package dev.dswebhook.admission;

/**
 * The type of the object under review, from {@code request.kind}.
 *
 * @param group   the API group, empty for the core group
 * @param version the API version
 * @param kind    the kind, such as {@code DaemonSet}
 */
public record GroupVersionKind(String group, String version, String kind) {

    /** Whether this names an apps/v1 DaemonSet, the only type the webhook judges. */
    public boolean isAppsV1DaemonSet() {
        return "apps".equals(group) && "v1".equals(version) && "DaemonSet".equals(kind);
    }
}
