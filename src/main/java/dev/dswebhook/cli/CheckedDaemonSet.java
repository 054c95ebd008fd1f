package dev.dswebhook.cli;

import dev.dswebhook.policy.AppliedDefault;
import java.util.List;

/**
 * The check's verdict on one DaemonSet: its violations, and the default the webhook would apply.
 *
 * @param manifest  the DaemonSet
 * @param namespace the namespace it is judged in: its own, or where {@code kubectl apply} would put it
 * @param update    whether it was judged as an update of an object given with {@code --old}
 * @param findings  every violation, in the webhook's order
 * @param defaults  what the mutating webhook would default
 * @param fix       what became of those defaults
 * @param fixReason why {@code --fix} could not write them, or empty
 */
record CheckedDaemonSet(
        Manifest manifest,
        String namespace,
        boolean update,
        List<Finding> findings,
        List<AppliedDefault> defaults,
        FixStatus fix,
        String fixReason) {

    /** How a DaemonSet fared, as the summary counts it. */
    enum Status {
        /** No violations. */
        PASSED,
        /** At least one violation of an enforced rule. */
        FAILED,
        /** Only violations of warn-mode rules. */
        WARNED
    }

    CheckedDaemonSet {
        findings = List.copyOf(findings);
        defaults = List.copyOf(defaults);
    }

    /** How it fared. */
    Status status() {
        if (findings.stream().anyMatch(Finding::denies)) {
            return Status.FAILED;
        }
        return findings.isEmpty() ? Status.PASSED : Status.WARNED;
    }

    /**
     * A default as the reports word it: the webhook's own note, such as {@code
     * spec.template.spec.restartPolicy: defaulted to "Always"}, after what became of it.
     */
    String defaultNote(AppliedDefault applied) {
        return switch (fix) {
            case FIXED -> "fixed: " + applied.note();
            case NOT_FIXED -> "not fixed: " + applied.note() + " (" + fixReason + ")";
            default -> "default: " + applied.note();
        };
    }

    /** The same verdict, with what {@code --fix} did. */
    CheckedDaemonSet withFix(FixStatus status, String reason) {
        return new CheckedDaemonSet(manifest, namespace, update, findings, defaults, status, reason);
    }

    /** How reports name it: {@code namespace/name}, in the namespace it is judged in. */
    String displayName() {
        String name = manifest.name().isEmpty() ? "(unnamed)" : manifest.name();
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
