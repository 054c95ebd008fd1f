package dev.dswebhook.admission;

import dev.dswebhook.policy.Violation;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;

/**
 * A DaemonSet as read from a review, with the shape errors met on the way.
 *
 * <p>Only the fields the policy reads are filled in. When {@code shapeErrors} is not empty the
 * object did not have the shape of a DaemonSet in those fields, and the policy must not judge it.
 *
 * @param daemonSet   the fields of the object the policy reads
 * @param shapeErrors values of the wrong JSON type, each at its field path
 */
public record DecodedDaemonSet(DaemonSet daemonSet, List<Violation> shapeErrors) {

    public DecodedDaemonSet {
        shapeErrors = List.copyOf(shapeErrors);
    }

    /** Whether the object had the shape of a DaemonSet wherever the policy looks. */
    public boolean wellFormed() {
        return shapeErrors.isEmpty();
    }

    /** The object's own name, or an empty string when it has none yet. */
    public String name() {
        if (daemonSet.getMetadata() == null || daemonSet.getMetadata().getName() == null) {
            return "";
        }
        return daemonSet.getMetadata().getName();
    }
}
