package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.DaemonSetDefaulter;
import dev.dswebhook.policy.DaemonSetValidator;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one DaemonSet as it was read, for the webhooks and for the {@code check} command alike.
 *
 * <p>The policy only ever sees an object that had the shape of a DaemonSet: when the reader met
 * values of the wrong type, those shape errors are the whole verdict, since judging the rest would
 * be a guess, and such an object is never defaulted, so that a malformed value is not overwritten
 * before the user is told about it. Both doors call this one class, so they cannot disagree.
 */
public final class DaemonSetJudge {

    private final DaemonSetValidator validator;
    private final DaemonSetDefaulter defaulter;

    public DaemonSetJudge(DaemonSetValidator validator, DaemonSetDefaulter defaulter) {
        this.validator = validator;
        this.defaulter = defaulter;
    }

    /**
     * Every violation, in the order the API server reports them, whatever the enforcement mode.
     *
     * @param object    the object as created or updated
     * @param oldObject the object it replaces, or {@code null} for a create
     */
    public List<Violation> violations(DecodedDaemonSet object, DecodedDaemonSet oldObject) {
        List<Violation> shapeErrors = new ArrayList<>(object.shapeErrors());
        if (oldObject != null) {
            shapeErrors.addAll(oldObject.shapeErrors());
        }
        if (!shapeErrors.isEmpty()) {
            return shapeErrors;
        }
        return oldObject == null
                ? validator.validateCreate(object.daemonSet())
                : validator.validateUpdate(object.daemonSet(), oldObject.daemonSet());
    }

    /** The defaults the mutating webhook applies, none for an object that is not shaped like a DaemonSet. */
    public List<AppliedDefault> defaults(DecodedDaemonSet object) {
        return object.wellFormed() ? defaulter.defaults(object.daemonSet()) : List.of();
    }
}
