package dev.dswebhook.cli.report;

import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Position;
import dev.dswebhook.policy.AppliedDefault;
import java.io.PrintStream;

/**
 * The report for people, in the {@code file:line:column: severity: message} form that compilers
 * and linters print and that editors and CI problem matchers parse: one line per violation at its
 * field, {@code error} when it fails the check and {@code warning} when it only warns, then the
 * summary. Input errors go to standard error in the same form.
 *
 * <p>The message is the object's {@code namespace/name}, the webhook's exact words, and the rule
 * in brackets. A default the API server applies anyway is no finding: {@code --verbose} lists
 * it as a {@code note}, and what {@code --fix} did with it is always listed.
 */
final class TextReporter implements Reporter {

    @Override
    public void write(Report report, boolean verbose, PrintStream out, PrintStream err) {
        for (CheckedDaemonSet result : report.results()) {
            String file = result.manifest().source().name();
            for (Finding finding : result.findings()) {
                out.println(line(
                        file,
                        finding.position(),
                        finding.severity(),
                        result.displayName() + ": " + finding.violation().message() + " ["
                                + finding.violation().rule().id() + "]"));
            }
            for (AppliedDefault applied : result.shownDefaults(verbose)) {
                out.println(line(
                        file,
                        result.positionOf(applied),
                        result.defaultSeverity(),
                        result.displayName() + ": " + result.defaultNote(applied)));
            }
            if (result.coverage() != null) {
                out.println(line(
                        file,
                        result.manifest().outline().positionOf(""),
                        Severity.NOTE,
                        result.displayName() + ": " + result.coverage().describe()));
            }
        }
        for (InputError error : report.errors()) {
            err.println(Reports.describe(error));
        }
        out.println(report.summary(verbose));
    }

    private static String line(String file, Position position, Severity severity, String message) {
        return file + ":" + position.line() + ":" + position.column() + ": " + severity.word() + ": " + message;
    }
}
