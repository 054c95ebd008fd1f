package dev.dswebhook.cli;

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
            Manifest manifest = result.manifest();
            for (Finding finding : result.findings()) {
                out.println(at(manifest.source().name(), finding.position())
                        + (finding.denies() ? "error: " : "warning: ")
                        + result.displayName() + ": "
                        + finding.violation().message()
                        + " [" + finding.violation().rule().id() + "]");
            }
            if (verbose || result.fix() != FixStatus.DUE) {
                for (AppliedDefault applied : result.defaults()) {
                    out.println(at(manifest.source().name(), manifest.outline().positionOf(applied.field()))
                            + (result.fix() == FixStatus.NOT_FIXED ? "warning: " : "note: ")
                            + result.displayName() + ": "
                            + result.defaultNote(applied));
                }
            }
        }
        for (InputError error : report.errors()) {
            err.println(describe(error));
        }
        out.println(report.summary(verbose));
    }

    private static String at(String file, Position position) {
        return file + ":" + position.line() + ":" + position.column() + ": ";
    }

    /** An input error as {@code file:line:column: error: message}, leaving out what is not known. */
    static String describe(InputError error) {
        StringBuilder out = new StringBuilder(error.source()).append(':');
        if (error.line() > 0) {
            out.append(error.line()).append(':');
            if (error.column() > 0) {
                out.append(error.column()).append(':');
            }
        }
        return out.append(" error: ").append(error.message()).toString();
    }
}
