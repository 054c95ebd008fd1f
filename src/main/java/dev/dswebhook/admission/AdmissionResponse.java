package dev.dswebhook.admission;

import dev.dswebhook.policy.PatchOp;
import java.util.List;

/**
 * The verdict on one review, before it is written back; it carries no uid, which the writer
 * copies from the request in one place.
 *
 * @param allowed  whether the request may proceed
 * @param status   why it was denied, or {@code null} when allowed
 * @param patch    JSON Patch operations to apply, empty for none
 * @param warnings messages for the user's {@code Warning:} headers
 */
public record AdmissionResponse(boolean allowed, ResultStatus status, List<PatchOp> patch, List<String> warnings) {

    public AdmissionResponse {
        patch = List.copyOf(patch);
        warnings = List.copyOf(warnings);
    }
}
