package dev.dswebhook.admission;

import dev.dswebhook.policy.PatchOp;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one review, before it is written back; it carries no uid, which the writer
 * copies from the request in one place.
 *
 * @param allowed          whether the request may proceed
 * @param status           why it was denied, or {@code null} when allowed
 * @param patch            JSON Patch operations to apply, empty for none
 * @param warnings         messages for the user's {@code Warning:} headers
 * @param auditAnnotations entries the API server adds to its audit event, under the webhook's name
 */
public record AdmissionResponse(
        boolean allowed,
        DenialStatus status,
        List<PatchOp> patch,
        List<String> warnings,
        Map<String, String> auditAnnotations) {

    public AdmissionResponse {
        patch = List.copyOf(patch);
        warnings = List.copyOf(warnings);
        // Kept in insertion order, so that the same decision always writes the same bytes.
        auditAnnotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(auditAnnotations));
    }
}
