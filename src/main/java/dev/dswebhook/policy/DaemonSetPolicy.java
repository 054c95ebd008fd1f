package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    private final HostPortSurge hostPortSurge = new HostPortSurge();
    private final List<ClusterRule> clusterRules;
    private final List<Rule> ruleIds;

    /** The policy with the default settings. */
    public DaemonSetPolicy() {
        this(PolicySettings.DEFAULTS);
    }

    /** The policy with these settings, every rule judged. */
    public DaemonSetPolicy(PolicySettings settings) {
        this(settings, Set.of());
    }

    /**
     * The policy with these settings, the cluster rules among {@code switchedOff} never judged:
     * their violations would be dropped anyway, and judging them can cost a pod LIST through the
     * API server on every validation.
     */
    public DaemonSetPolicy(PolicySettings settings, Set<Rule> switchedOff) {
        List<ClusterRule> all = List.of(
                new SelectorOverlap(),
                new HostPortConflict(),
                new DaemonFamilyOverlap(settings.familyLabel()),
                new NodeCoverage(),
                new DaemonFamilyGap(settings.familyLabel()),
                new RequestsFit());
        requireOneJudgeEach(all);
        this.clusterRules =
                all.stream().filter(rule -> !switchedOff.contains(rule.rule())).toList();
        this.ruleIds = clusterRules.stream().map(ClusterRule::rule).toList();
    }

    /**
     * Holds the cluster rules to the {@link Rule} constants: each rule that sees the cluster is
     * judged here exactly once, so that a new one cannot be declared and never run, or run and be
     * missing from the reports, the configuration and the README that list the constants.
     */
    static void requireOneJudgeEach(List<ClusterRule> rules) {
        java.util.EnumMap<Rule, Integer> judged = new java.util.EnumMap<>(Rule.class);
        for (ClusterRule rule : rules) {
            judged.merge(rule.rule(), 1, Integer::sum);
        }
        for (Rule rule : Rule.values()) {
            int count = judged.getOrDefault(rule, 0);
            if (rule.seesTheCluster() != (count == 1) || count > 1) {
                throw new IllegalStateException(rule.id() + " is a " + rule.scope() + " rule judged by " + count
                        + " cluster rules; a CLUSTER rule needs exactly one, any other none");
            }
        }
    }

    /**
     * Judges a create ({@code oldObject} null) or an update: every violation, in the order the API
     * server reports them, then those against the rest of the cluster, whatever the enforcement
     * mode; and for an update, the cluster-aware violations the stored object already had.
     *
     * <p>The view is asked once which of its kinds cannot be trusted now ({@link
     * ClusterView#untrusted()}), so that the rules that ran and what the reply says about them agree.
     * A rule that reads one of them ({@link Rule#reads()}) is skipped, the others run, and the
     * judgement says which were skipped and why.
     */
    public Judgement judge(DaemonSetInput object, DaemonSetInput oldObject, ClusterView cluster) {
        List<Violation> shapeErrors = new ArrayList<>(object.shapeErrors());
        if (oldObject != null) {
            shapeErrors.addAll(oldObject.shapeErrors());
        }
        if (!shapeErrors.isEmpty()) {
            return new Judgement(shapeErrors, InheritedViolations.NONE, SkippedRules.NONE);
        }
        List<Violation> out =
                oldObject == null ? validator.validateCreate(object) : validator.validateUpdate(object, oldObject);
        // The object's own rules beyond the API server's, which need no view of the cluster.
        out.addAll(hostPortSurge.check(object));
        SkippedRules skipped = SkippedRules.among(ruleIds, cluster.untrusted());
        List<ClusterRule> running = skipped.none() ? clusterRules : withoutSkipped(skipped);
        if (running.isEmpty()) {
            return new Judgement(out, InheritedViolations.NONE, skipped);
        }
        // The old object's selector is the new one's, and its pods the same: ask for them once.
        cluster = PodLookups.once(cluster);
        out.addAll(againstTheCluster(object, cluster, running));
        // What an update does not make worse does not deny it: the update may be the very fix of
        // something else, or of it. Without this, a conflict that predates the webhook, or that a
        // race let through, would block every later change of both objects, their fixes included.
        InheritedViolations inherited = oldObject == null
                ? InheritedViolations.NONE
                : new InheritedViolations(againstTheCluster(oldObject, cluster, running));
        return new Judgement(out, inherited, skipped);
    }

    private List<ClusterRule> withoutSkipped(SkippedRules skipped) {
        List<ClusterRule> out = new ArrayList<>(clusterRules.size());
        for (ClusterRule rule : clusterRules) {
            if (!skipped.skipped(rule.rule())) {
                out.add(rule);
            }
        }
        return out;
    }

    private static List<Violation> againstTheCluster(
            DaemonSetInput object, ClusterView cluster, List<ClusterRule> rules) {
        List<Violation> found = new ArrayList<>();
        for (ClusterRule rule : rules) {
            found.addAll(rule.check(object, RuleView.of(rule.rule(), cluster)));
        }
        return found;
    }

    /**
     * Whether the API server would store this DaemonSet as a create: well-formed, and breaking
     * none of the object's own rules. One it would refuse never exists, so it conflicts with nothing.
     */
    public boolean admissible(DaemonSetInput object) {
        return object.wellFormed() && validator.validateCreate(object).isEmpty();
    }

    /** The defaults the mutating webhook applies, none for an object that is not shaped like a DaemonSet. */
    public List<AppliedDefault> defaults(DaemonSetInput object) {
        return object.wellFormed() ? defaulter.defaults(object) : List.of();
    }
}
