package dev.dswebhook.admission;

import dev.dswebhook.policy.Violation;
import java.util.List;

/**
 * The {@code status} of a denial, shaped like the {@code metav1.Status} the API server itself
 * returns for an invalid object, so that clients can read its causes field by field.
 *
 * @param code    the HTTP-style code, 400 or more
 * @param reason  a {@code StatusReason}, such as {@code Invalid}
 * @param message the text the user sees after "admission webhook ... denied the request:"
 * @param name    the object's name, for {@code details.name}
 * @param causes  one cause per violation
 */
public record DenialStatus(int code, String reason, String message, String name, List<Violation> causes) {

    public DenialStatus {
        causes = List.copyOf(causes);
    }
}
