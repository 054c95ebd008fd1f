package dev.dswebhook.admission;

import dev.dswebhook.policy.DaemonSetInput;

/**
 * The parts of an AdmissionReview request the webhook uses.
 *
 * @param version     the review's API version, which the reply echoes
 * @param uid         the request uid, which the reply echoes
 * @param kind        the type of the object, or {@code null} when the review does not say
 * @param subResource the subresource, empty for the main resource
 * @param operation   the operation
 * @param namespace   the namespace, empty for cluster-scoped requests
 * @param name        the object name as the request gives it, possibly empty on CREATE
 * @param dryRun      whether the request will not be persisted
 * @param userInfo    who made the request
 * @param object      the new object, or {@code null} when absent (as on DELETE)
 * @param oldObject   the existing object, or {@code null} when absent (as on CREATE)
 */
public record AdmissionRequest(
        ReviewVersion version,
        String uid,
        GroupVersionKind kind,
        String subResource,
        Operation operation,
        String namespace,
        String name,
        boolean dryRun,
        UserInfo userInfo,
        DaemonSetInput object,
        DaemonSetInput oldObject) {

    /** Whether the webhook judges this request: an apps/v1 DaemonSet itself, created or updated. */
    public boolean isJudged() {
        return kind != null
                && kind.isAppsV1DaemonSet()
                && subResource.isEmpty()
                && (operation == Operation.CREATE || operation == Operation.UPDATE);
    }

    /** The object's name for messages: its own, else the request's. */
    public String objectName() {
        if (object != null && !object.name().isEmpty()) {
            return object.name();
        }
        return name;
    }
}
