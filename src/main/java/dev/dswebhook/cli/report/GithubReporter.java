package dev.dswebhook.cli.report;

import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.manifest.Position;
import dev.dswebhook.cli.manifest.Source;
import dev.dswebhook.policy.AppliedDefault;
import java.io.PrintStream;

/**
 * The report as GitHub Actions workflow commands: {@code ::error file=F,line=L,col=C,title=T::message},
 * which the Actions UI shows as annotations on the offending lines of a pull request.
 *
 * <p>Enforced violations and input errors are errors, warn-mode violations are warnings, and
 * defaults are notices only with {@code --verbose} or {@code --fix} (the API server applies them
 * anyway). Input errors go to standard error, which the runner reads for commands too. The line
 * is the offending field's when the file has it, else the nearest enclosing field's. Paths are as
 * given, so run the check from the repository root.
 */
final class GithubReporter implements Reporter {

    @Override
    public void write(Report report, boolean verbose, PrintStream out, PrintStream err) {
        for (CheckedDaemonSet result : report.results()) {
            Manifest manifest = result.manifest();
            String prefix = result.displayName() + ": ";
            for (Finding finding : result.findings()) {
                String rule = finding.violation().rule().id();
                out.println(command(
                        finding.severity().word(),
                        manifest.source(),
                        finding.position(),
                        finding.denies() ? rule : rule + " (warn mode)",
                        prefix + finding.violation().message()));
            }
            for (AppliedDefault applied : result.shownDefaults(verbose)) {
                out.println(command(
                        "notice",
                        manifest.source(),
                        result.positionOf(applied),
                        "restartPolicy default",
                        prefix + result.defaultNote(applied)));
            }
        }
        for (InputError error : report.errors()) {
            StringBuilder properties = new StringBuilder();
            if (!error.source().equals(Source.STDIN)) {
                properties.append("file=").append(property(error.source())).append(',');
            }
            if (error.line() > 0) {
                properties.append("line=").append(error.line()).append(',');
                if (error.column() > 0) {
                    properties.append("col=").append(error.column()).append(',');
                }
            }
            err.println("::error " + properties + "title=" + property("input error") + "::" + data(error.message()));
        }
        out.println(report.summary(verbose));
    }

    private static String command(String level, Source source, Position position, String title, String message) {
        StringBuilder properties = new StringBuilder();
        if (!source.isStdin()) {
            // Standard input has no file for an annotation to point at.
            properties
                    .append("file=")
                    .append(property(source.name()))
                    .append(",line=")
                    .append(position.line())
                    .append(",col=")
                    .append(position.column())
                    .append(',');
        }
        properties.append("title=").append(property(title));
        return "::" + level + " " + properties + "::" + data(message);
    }

    /** Escapes a command's message, as the Actions runner unescapes it. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value, where {@code :} and {@code ,} separate properties. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
