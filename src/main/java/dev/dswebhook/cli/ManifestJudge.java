package dev.dswebhook.cli;

import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The check itself: judges one DaemonSet exactly as the webhooks would, with the same judge and
 * the same enforcement, and places each violation in the file.
 *
 * <p>Exemptions are not applied: they depend on who applies the manifest and where, which a file
 * does not say, and a check that passed a DaemonSet only because of its namespace would hide a
 * problem that moving it elsewhere would reveal.
 */
final class ManifestJudge {

    private final DaemonSetPolicy policy = new DaemonSetPolicy();
    private final Enforcement enforcement;
    private final OldObjects oldObjects;

    ManifestJudge(Enforcement enforcement, OldObjects oldObjects) {
        this.enforcement = enforcement;
        this.oldObjects = oldObjects;
    }

    /** The verdict on one DaemonSet: an update when {@code --old} has it, a create otherwise. */
    CheckedDaemonSet check(Manifest manifest) {
        DaemonSetInput old = oldObjects.find(manifest);
        List<Violation> violations = policy.violations(manifest.daemonSet(), old);
        List<Finding> findings = new ArrayList<>(violations.size());
        for (Violation violation : violations) {
            findings.add(new Finding(
                    violation,
                    enforcement.modeFor(violation.rule()),
                    manifest.outline().positionOf(violation.field())));
        }
        List<AppliedDefault> defaults = policy.defaults(manifest.daemonSet());
        return new CheckedDaemonSet(
                manifest, old != null, findings, defaults, defaults.isEmpty() ? FixStatus.NONE : FixStatus.DUE, "");
    }
}
