package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.report.CheckedDaemonSet;
import dev.dswebhook.cli.report.Finding;
import dev.dswebhook.cli.report.FixStatus;
import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.Coverage;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.FieldErrorType;
import dev.dswebhook.policy.Judgement;
import dev.dswebhook.policy.PolicySettings;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The check itself: judges one DaemonSet exactly as the webhooks would, with the same judge and
 * the same enforcement, against the rest of the cluster as the files (and {@code --cluster}) show
 * it, and places each violation in the file.
 *
 * <p>Exemptions are not applied: they depend on who applies the manifest and where, which a file
 * does not say, and a check that passed a DaemonSet only because of its namespace would hide a
 * problem that moving it elsewhere would reveal.
 */
final class ManifestJudge {

    private final DaemonSetPolicy policy;
    private final Enforcement enforcement;
    private final OldObjects oldObjects;
    private final ClusterView cluster;
    private final Map<String, DaemonSetInput> live;
    private final String defaultNamespace;
    private final boolean liveNodes;

    /**
     * @param cluster          the rest of the cluster
     * @param live             the live cluster's DaemonSets by namespace/name, which a DaemonSet of
     *                         the files updates unless {@code --old} has it; empty without {@code --cluster}
     * @param defaultNamespace where a DaemonSet without a namespace is judged, as {@code kubectl apply} would put it
     * @param liveNodes        whether the Nodes are a live cluster's ({@code --cluster}): each verdict then
     *                         says where the DaemonSet runs among them
     */
    ManifestJudge(
            PolicySettings settings,
            Enforcement enforcement,
            OldObjects oldObjects,
            ClusterView cluster,
            Map<String, DaemonSetInput> live,
            String defaultNamespace,
            boolean liveNodes) {
        this.policy = new DaemonSetPolicy(settings, enforcement.offRules());
        this.enforcement = enforcement;
        this.oldObjects = oldObjects;
        this.cluster = cluster;
        this.live = live;
        this.defaultNamespace = defaultNamespace;
        this.liveNodes = liveNodes;
    }

    /**
     * The verdict on a DaemonSet in an API version that is no longer served: that alone, since the
     * API server would refuse it before judging anything else.
     */
    CheckedDaemonSet removed(Manifest manifest) {
        Violation violation = new Violation(
                Rule.REMOVED_API_VERSION,
                FieldErrorType.NOT_SUPPORTED,
                "apiVersion",
                '"' + manifest.apiVersion() + '"',
                "supported values: \"apps/v1\" (extensions/v1beta1 and apps/v1beta2 DaemonSets were removed in"
                        + " Kubernetes 1.16)");
        Finding finding = new Finding(
                violation,
                enforcement.modeFor(Rule.REMOVED_API_VERSION),
                manifest.outline().positionOf("apiVersion"));
        return new CheckedDaemonSet(
                manifest, placedIn(manifest), false, List.of(finding), List.of(), FixStatus.NONE, "", null);
    }

    private String placedIn(Manifest manifest) {
        return manifest.namespace().isEmpty() ? defaultNamespace : manifest.namespace();
    }

    /**
     * The verdict on one DaemonSet: an update when {@code --old} has it, or else the live cluster
     * does, and a create otherwise.
     */
    CheckedDaemonSet check(Manifest manifest) {
        DaemonSetInput object = ManifestCluster.placed(manifest.daemonSet(), defaultNamespace);
        DaemonSetInput old = oldObjects.find(manifest);
        old = old != null
                ? ManifestCluster.placed(old, defaultNamespace)
                : object.name().isEmpty() ? null : live.get(object.namespace() + "/" + object.name());
        // As in the webhook, what the object already had before an update only warns.
        Judgement judgement = policy.judge(object, old, cluster);
        List<Finding> findings = new ArrayList<>(judgement.violations().size());
        for (Violation violation : judgement.violations()) {
            EnforcementMode mode = judgement.modeFor(violation, enforcement);
            if (mode != EnforcementMode.OFF) {
                findings.add(new Finding(violation, mode, manifest.outline().positionOf(violation.field())));
            }
        }
        List<AppliedDefault> defaults = policy.defaults(manifest.daemonSet());
        return new CheckedDaemonSet(
                manifest,
                object.namespace(),
                old != null,
                findings,
                defaults,
                defaults.isEmpty() ? FixStatus.NONE : FixStatus.DUE,
                "",
                liveNodes
                        ? cluster.nodes()
                                .map(nodes -> Coverage.of(object.placement(), nodes))
                                .orElse(null)
                        : null);
    }
}
