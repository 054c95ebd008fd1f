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
    private final List<ClusterRule> clusterRules;

    /** The policy with the default settings. */
    public DaemonSetPolicy() {
        this(PolicySettings.DEFAULTS);
    }

    public DaemonSetPolicy(PolicySettings settings) {
        this.clusterRules =
                List.of(new SelectorOverlap(), new HostPortConflict(), new DaemonFamilyOverlap(settings.familyLabel()));
    }

    /**
     * Every violation, in the order the API server reports them, then those against the rest of
     * the cluster, whatever the enforcement mode. The rules that see the cluster are skipped when
     * the view says it cannot be trusted now ({@link ClusterView#unavailable()}).
     *
     * @param object    the object as created or updated
     * @param oldObject the object it replaces, or {@code null} for a create
     * @param cluster   the rest of the cluster
     */
    public List<Violation> violations(DaemonSetInput object, DaemonSetInput oldObject, ClusterView cluster) {
        List<Violation> shapeErrors = new ArrayList<>(object.shapeErrors());
        if (oldObject != null) {
            shapeErrors.addAll(oldObject.shapeErrors());
        }
        if (!shapeErrors.isEmpty()) {
            return shapeErrors;
        }
        List<Violation> out =
                oldObject == null ? validator.validateCreate(object) : validator.validateUpdate(object, oldObject);
        if (cluster.unavailable().isEmpty()) {
            for (ClusterRule rule : clusterRules) {
                out.addAll(rule.check(object, cluster));
            }
        }
        return out;
    }

    /**
     * What an update does not make worse: the violations against the rest of the cluster that
     * the object had before it, as it is stored. They do not deny the update (which may be the
     * very fix of something else, or of them), but they are still reported, as warnings. Without
     * this, a conflict that predates the webhook, or that a race let through, would block every
     * later change of both objects, their fixes included.
     */
    public InheritedViolations inherited(DaemonSetInput oldObject, ClusterView cluster) {
        if (oldObject == null
                || !oldObject.wellFormed()
                || cluster.unavailable().isPresent()) {
            return InheritedViolations.NONE;
        }
        List<Violation> found = new ArrayList<>();
        for (ClusterRule rule : clusterRules) {
            found.addAll(rule.check(oldObject, cluster));
        }
        return new InheritedViolations(found);
    }

    /** The defaults the mutating webhook applies, none for an object that is not shaped like a DaemonSet. */
    public List<AppliedDefault> defaults(DaemonSetInput object) {
        return object.wellFormed() ? defaulter.defaults(object) : List.of();
    }
}
