package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The policy's one front door: judges one DaemonSet as it was read, for the webhooks and for the
 * {@code check} command alike.
 *
 * <p>The rules only ever see an object that had the shape of a DaemonSet: when the decoder met
 * values of the wrong type, those shape errors are the whole verdict, since judging the rest would
 * be a guess, and such an object is never defaulted, so that a malformed value is not overwritten
 * before the user is told about it. Both doors call this one class, so they cannot disagree.
 */
public final class DaemonSetPolicy {

    private final DaemonSetValidator validator = new DaemonSetValidator();
    private final DaemonSetDefaulter defaulter = new DaemonSetDefaulter();

    /**
     * Every violation, in the order the API server reports them, whatever the enforcement mode.
     *
     * @param object    the object as created or updated
     * @param oldObject the object it replaces, or {@code null} for a create
     */
    public List<Violation> violations(DaemonSetInput object, DaemonSetInput oldObject) {
        List<Violation> shapeErrors = new ArrayList<>(object.shapeErrors());
        if (oldObject != null) {
            shapeErrors.addAll(oldObject.shapeErrors());
        }
        if (!shapeErrors.isEmpty()) {
            return shapeErrors;
        }
        return oldObject == null ? validator.validateCreate(object) : validator.validateUpdate(object, oldObject);
    }

    /** The defaults the mutating webhook applies, none for an object that is not shaped like a DaemonSet. */
    public List<AppliedDefault> defaults(DaemonSetInput object) {
        return object.wellFormed() ? defaulter.defaults(object) : List.of();
    }
}
