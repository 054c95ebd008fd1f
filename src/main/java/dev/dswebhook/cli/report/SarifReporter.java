package dev.dswebhook.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.manifest.Position;
import dev.dswebhook.cli.manifest.Source;
import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.Rule;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The report as a SARIF 2.1.0 log, the static-analysis format that GitHub code scanning (through
 * {@code github/codeql-action/upload-sarif}), GitLab, Azure DevOps and most CI dashboards read.
 *
 * <p>One run of the tool {@code daemonset-check}, with every rule described once; each violation
 * is a result at the offending field's line and column ({@code error} or {@code warning}), and
 * each input error a tool execution notification, so that {@code executionSuccessful} is false
 * whenever the check did not see everything. Paths are relative URIs as given: run the check from
 * the repository root. Defaults are {@code note} results only with {@code --verbose}.
 */
final class SarifReporter implements Reporter {

    /** The tool's name in the log, which code scanning shows as the source of every alert. */
    static final String TOOL = "daemonset-check";

    @Override
    public void write(Report report, boolean verbose, PrintStream out, PrintStream err) {
        Reports.printJson(report, err, out, json -> write(report, verbose, json));
    }

    private static void write(Report report, boolean verbose, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.writeStringField("version", "2.1.0");
        json.writeArrayFieldStart("runs");
        json.writeStartObject();

        json.writeObjectFieldStart("tool");
        json.writeObjectFieldStart("driver");
        json.writeStringField("name", TOOL);
        json.writeArrayFieldStart("rules");
        for (Rule rule : Rule.values()) {
            json.writeStartObject();
            json.writeStringField("id", rule.id());
            json.writeObjectFieldStart("shortDescription");
            json.writeStringField("text", rule.summary());
            json.writeEndObject();
            json.writeObjectFieldStart("defaultConfiguration");
            json.writeStringField("level", Severity.of(rule.defaultMode()).word());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();

        json.writeArrayFieldStart("invocations");
        json.writeStartObject();
        json.writeBooleanField("executionSuccessful", report.errors().isEmpty());
        json.writeNumberField("exitCode", report.exitCode());
        json.writeArrayFieldStart("toolExecutionNotifications");
        for (InputError error : report.errors()) {
            json.writeStartObject();
            json.writeStringField("level", "error");
            message(json, error.message());
            if (!error.source().equals(Source.STDIN)) {
                location(json, error.source(), error.line(), error.column());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();

        json.writeArrayFieldStart("results");
        for (CheckedDaemonSet result : report.results()) {
            Manifest manifest = result.manifest();
            for (Finding finding : result.findings()) {
                Rule rule = finding.violation().rule();
                json.writeStartObject();
                json.writeStringField("ruleId", rule.id());
                json.writeNumberField("ruleIndex", rule.ordinal());
                json.writeStringField("level", finding.severity().word());
                message(json, result.displayName() + ": " + finding.violation().message());
                place(json, manifest, finding.position());
                json.writeEndObject();
            }
            for (AppliedDefault applied : result.shownDefaults(verbose)) {
                json.writeStartObject();
                json.writeStringField("ruleId", Rule.RESTART_POLICY.id());
                json.writeNumberField("ruleIndex", Rule.RESTART_POLICY.ordinal());
                json.writeStringField("level", result.defaultSeverity().word());
                message(json, result.displayName() + ": " + result.defaultNote(applied));
                place(json, manifest, result.positionOf(applied));
                json.writeEndObject();
            }
        }
        json.writeEndArray();

        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void place(JsonGenerator json, Manifest manifest, Position position) throws IOException {
        if (!manifest.source().isStdin()) {
            location(json, manifest.source().name(), position.line(), position.column());
        }
    }

    private static void message(JsonGenerator json, String text) throws IOException {
        json.writeObjectFieldStart("message");
        json.writeStringField("text", text);
        json.writeEndObject();
    }

    private static void location(JsonGenerator json, String file, int line, int column) throws IOException {
        json.writeArrayFieldStart("locations");
        json.writeStartObject();
        json.writeObjectFieldStart("physicalLocation");
        json.writeObjectFieldStart("artifactLocation");
        json.writeStringField("uri", uri(file));
        json.writeEndObject();
        if (line > 0) {
            json.writeObjectFieldStart("region");
            json.writeNumberField("startLine", line);
            if (column > 0) {
                json.writeNumberField("startColumn", column);
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
    }

    /** A path as a relative URI reference: forward slashes, and spaces and the like escaped. */
    static String uri(String path) {
        String slashed = path.replace('\\', '/');
        try {
            return new URI(null, null, slashed, null).getRawPath();
        } catch (URISyntaxException e) {
            return slashed;
        }
    }
}
