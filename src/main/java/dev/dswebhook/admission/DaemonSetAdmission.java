package dev.dswebhook.admission;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.InheritedViolations;
import dev.dswebhook.policy.Judgement;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.SkippedRules;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an AdmissionReview request into a decision: which requests are judged, by which policy,
 * and whether a broken rule denies or warns.
 *
 * <p>Only apps/v1 DaemonSets on CREATE and UPDATE are judged. Everything else is allowed
 * untouched, because a registration that matches too much must not break unrelated objects.
 * Dry-run requests get the same verdict; the webhook has no side effects to skip.
 */
public final class DaemonSetAdmission {

    private final DaemonSetPolicy policy;
    private final Enforcement enforcement;
    private final Exemptions exemptions;
    private final ClusterView cluster;

    /**
     * @param cluster the live view of the rest of the cluster; when it cannot be trusted, the rules
     *                that need it are skipped and the reply says so, and the object's own rules still apply
     */
    public DaemonSetAdmission(
            DaemonSetPolicy policy, Enforcement enforcement, Exemptions exemptions, ClusterView cluster) {
        this.policy = policy;
        this.enforcement = enforcement;
        this.exemptions = exemptions;
        this.cluster = cluster;
    }

    /**
     * Whether deciding a request to this webhook may wait on the API server (the validating
     * webhook lists pods when it judges a DaemonSet against a live cluster), so that it must not
     * run on an event loop.
     */
    public boolean mayBlock(Webhook webhook) {
        return webhook == Webhook.VALIDATE && cluster.listsPodsLive();
    }

    /**
     * The mode each rule a review can break runs in, in declaration order; the rules only a
     * manifest file can break are left out, since the API server refuses those objects itself.
     */
    public Map<Rule, EnforcementMode> ruleModes() {
        Map<Rule, EnforcementMode> out = new LinkedHashMap<>(enforcement.modes());
        out.keySet().removeIf(rule -> rule.scope() == Rule.Scope.MANIFEST);
        return out;
    }

    /** The same decisions, made without asking the API server for anything. */
    public DaemonSetAdmission withoutPods() {
        return new DaemonSetAdmission(policy, enforcement, exemptions, cluster.withoutPods());
    }

    /** Decides a request sent to one of the webhooks. */
    public Decision review(Webhook webhook, AdmissionRequest request) {
        if (!request.isJudged()) {
            return Decision.allowed(webhook, request);
        }
        Optional<String> exemption = exemptions.reason(request);
        if (exemption.isPresent()) {
            return Decision.exempt(webhook, request, exemption.get());
        }
        return switch (webhook) {
            case MUTATE -> mutate(request);
            case VALIDATE -> validate(request);
        };
    }

    /**
     * The validating webhook: enforced violations deny, warn-mode ones become warnings, and so do
     * the cluster-aware ones an update inherits from the object it replaces.
     */
    private Decision validate(AdmissionRequest request) {
        boolean update = request.operation() == Operation.UPDATE;
        Judgement judgement = request.object() == null || (update && request.oldObject() == null)
                ? new Judgement(readability(request), InheritedViolations.NONE, SkippedRules.NONE)
                : policy.judge(
                        placed(request.object(), request),
                        update ? placed(request.oldObject(), request) : null,
                        cluster);
        List<Violation> denied = new ArrayList<>(judgement.violations().size());
        List<Violation> warned = new ArrayList<>(0);
        Set<Violation> kept = new HashSet<>(0);
        for (Violation violation : judgement.violations()) {
            EnforcementMode mode = judgement.modeFor(violation, enforcement);
            if (mode == EnforcementMode.OFF) {
                continue;
            }
            if (mode == EnforcementMode.ENFORCE) {
                denied.add(violation);
            } else {
                warned.add(violation);
                if (judgement.inherited().covers(violation)
                        && enforcement.modeFor(violation.rule()) == EnforcementMode.ENFORCE) {
                    // It warns only because the update inherited it.
                    kept.add(violation);
                }
            }
        }
        return Decision.validated(request, denied, warned, kept, judgement.skipped());
    }

    /**
     * The object in the request's namespace. The API server fills it in before calling webhooks,
     * but a hand-made review need not, and the cluster-aware rules compare namespaces.
     */
    private static DaemonSetInput placed(DaemonSetInput object, AdmissionRequest request) {
        return object.namespace().isEmpty() && !request.namespace().isEmpty()
                ? object.inNamespace(request.namespace())
                : object;
    }

    /**
     * The mutating webhook: the defaults as a patch, or allowed untouched.
     *
     * <p>It never denies. An object it cannot read is left alone for the validating webhook to
     * reject, because patching a malformed object could overwrite the very value the user must fix.
     */
    private Decision mutate(AdmissionRequest request) {
        if (request.object() == null) {
            return Decision.allowed(Webhook.MUTATE, request);
        }
        List<AppliedDefault> defaults = policy.defaults(request.object());
        return Decision.mutated(request, defaults);
    }

    /**
     * Why a review that lacks an object cannot be judged: the missing object, and the shape errors
     * of the one that is there, so that the reply names everything wrong with the review at once.
     */
    private static List<Violation> readability(AdmissionRequest request) {
        List<Violation> out = new ArrayList<>(0);
        if (request.object() == null) {
            out.add(Violation.missing(
                    Rule.MALFORMED_OBJECT, "object", "a " + request.operation() + " review must carry the object"));
        } else {
            out.addAll(request.object().shapeErrors());
        }
        if (request.operation() == Operation.UPDATE) {
            if (request.oldObject() == null) {
                out.add(Violation.missing(
                        Rule.MALFORMED_OBJECT, "oldObject", "an UPDATE review must carry the old object"));
            } else {
                out.addAll(request.oldObject().shapeErrors());
            }
        }
        return out;
    }
}
