package dev.dswebhook.cli.report;

import java.io.PrintStream;

/**
 * Writes a report in one output format: findings and the summary to one stream, input errors to the other.
 *
 * <p>What a report shows is decided once, and each reporter only words it: a violation's severity
 * is {@link Finding#severity()}; the defaults listed beside the findings are
 * {@link CheckedDaemonSet#shownDefaults(boolean)}, each at {@link CheckedDaemonSet#positionOf}, with
 * {@link CheckedDaemonSet#defaultSeverity()} and the words of {@link CheckedDaemonSet#defaultNote};
 * input errors go to {@code err} in the form {@link Reports#describe} gives them, unless the
 * format's reader takes its own from there (GitHub's runner reads workflow commands); and the
 * summary is {@link Report#summary(boolean)}. JSON, being data for programs, also carries every
 * default with what became of it, and GitHub annotates every listed default as a notice.
 *
 * <p>A new format is one reporter in this package and one {@link OutputFormat} constant.
 */
public interface Reporter {

    /**
     * Writes the whole report.
     *
     * @param verbose whether to list the defaults the API server applies anyway
     * @param out     where findings and the summary go
     * @param err     where input errors go, for people (a machine format also carries them in its document)
     */
    void write(Report report, boolean verbose, PrintStream out, PrintStream err);
}
