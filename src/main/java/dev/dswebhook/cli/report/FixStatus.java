package dev.dswebhook.cli.report;

/** What became of the default the mutating webhook would apply to a DaemonSet. */
public enum FixStatus {
    /** Nothing to default: {@code restartPolicy} is set, or the object is malformed. */
    NONE,
    /** The webhook would default it; run with {@code --fix} to write it. */
    DUE,
    /** {@code --fix} wrote it. */
    FIXED,
    /** {@code --fix} could not write it without rewriting more than one value. */
    NOT_FIXED
}
