package dev.dswebhook.policy;

/**
 * A default the policy filled in: the field, the value it now has, and the patch that sets it.
 *
 * @param field the field path, such as {@code spec.template.spec.restartPolicy}
 * @param value the value it was given
 * @param patch the single JSON Patch operation that sets it on the object as sent
 */
public record AppliedDefault(String field, String value, PatchOp patch) {

    /** A short note for the user, suitable for a {@code Warning:} header. */
    public String note() {
        return field + ": defaulted to \"" + value + "\"";
    }
}
