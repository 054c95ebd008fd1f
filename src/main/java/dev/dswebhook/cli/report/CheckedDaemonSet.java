package dev.dswebhook.cli.report;

import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.manifest.Position;
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
 * @param coverage  where it runs among the live cluster's Nodes, with {@code --cluster}; or {@code null}
 */
public record CheckedDaemonSet(
        Manifest manifest,
        String namespace,
        boolean update,
        List<Finding> findings,
        List<AppliedDefault> defaults,
        FixStatus fix,
        String fixReason,
        dev.dswebhook.policy.Coverage coverage) {

    /** How a DaemonSet fared, as the summary counts it. */
    enum Status {
        /** No violations. */
        PASSED,
        /** At least one violation of an enforced rule. */
        FAILED,
        /** Only violations of warn-mode rules. */
        WARNED
    }

    public CheckedDaemonSet {
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
     * The defaults a report lists: every one with {@code --verbose}, else only those {@code --fix}
     * wrote or could not write, since the API server applies the rest anyway.
     */
    List<AppliedDefault> shownDefaults(boolean verbose) {
        return verbose || fix != FixStatus.DUE ? defaults : List.of();
    }

    /** How reports rank a listed default: a warning when {@code --fix} could not write it, else a note. */
    Severity defaultSeverity() {
        return fix == FixStatus.NOT_FIXED ? Severity.WARNING : Severity.NOTE;
    }

    /** Where a default goes in the file: at its field, or the nearest enclosing one when it is missing. */
    Position positionOf(AppliedDefault applied) {
        return manifest.outline().positionOf(applied.field());
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
    public CheckedDaemonSet withFix(FixStatus status, String reason) {
        return new CheckedDaemonSet(manifest, namespace, update, findings, defaults, status, reason, coverage);
    }

    /** How reports name it: {@code namespace/name}, in the namespace it is judged in. */
    String displayName() {
        String name = manifest.name().isEmpty() ? "(unnamed)" : manifest.name();
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
