package dev.dswebhook.cli;

import dev.dswebhook.policy.AppliedDefault;
import java.io.PrintStream;

/**
 * The report for people: {@code file:document: namespace/name: message}, one line per violation,
 * with the message exactly as the webhook words it, then the summary.
 *
 * <p>Warn-mode violations say {@code warning:} and defaults say what became of them; an enforced
 * violation has no label, so its line reads like the API server's own error. Input errors come
 * last, next to the summary, where a CI log is read first.
 */
final class TextReporter implements Reporter {

    @Override
    public void write(Report report, PrintStream out) {
        for (CheckedDaemonSet result : report.results()) {
            String prefix =
                    result.manifest().location() + ": " + result.manifest().displayName() + ": ";
            for (Finding finding : result.findings()) {
                out.println(prefix
                        + (finding.denies() ? "" : "warning: ")
                        + finding.violation().message());
            }
            for (AppliedDefault applied : result.defaults()) {
                out.println(prefix + result.defaultNote(applied));
            }
        }
        for (InputError error : report.errors()) {
            out.println(describe(error));
        }
        out.println(report.summary());
    }

    /** An input error as {@code file: line L, column C: message}. */
    static String describe(InputError error) {
        StringBuilder out = new StringBuilder(error.source()).append(": ");
        if (error.line() > 0) {
            out.append("line ").append(error.line());
            if (error.column() > 0) {
                out.append(", column ").append(error.column());
            }
            out.append(": ");
        }
        return out.append(error.message()).toString();
    }
}
