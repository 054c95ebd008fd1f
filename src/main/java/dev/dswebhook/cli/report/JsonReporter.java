package dev.dswebhook.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.policy.AppliedDefault;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The report as one JSON document, for programs: the summary and exit code, then every DaemonSet
 * with its verdict, violations and defaults, every skipped object, and every input error.
 *
 * <p>Each violation carries its rule, field and the webhook's exact message, with the line and
 * column of the field, so that a program never has to parse the text format.
 */
final class JsonReporter implements Reporter {

    @Override
    public void write(Report report, boolean verbose, PrintStream out, PrintStream err) {
        Reports.printJson(report, err, out, json -> write(report, json));
    }

    private static void write(Report report, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("summary");
        json.writeNumberField("documents", report.documents());
        json.writeNumberField("judged", report.results().size());
        json.writeNumberField("passed", report.count(CheckedDaemonSet.Status.PASSED));
        json.writeNumberField("failed", report.count(CheckedDaemonSet.Status.FAILED));
        json.writeNumberField("warned", report.count(CheckedDaemonSet.Status.WARNED));
        json.writeNumberField("skipped", report.skipped().size());
        json.writeNumberField("toDefault", report.count(FixStatus.DUE));
        json.writeNumberField("fixed", report.count(FixStatus.FIXED));
        json.writeNumberField("notFixed", report.count(FixStatus.NOT_FIXED));
        json.writeNumberField("errors", report.errors().size());
        json.writeEndObject();
        json.writeNumberField("exitCode", report.exitCode());

        json.writeArrayFieldStart("daemonSets");
        for (CheckedDaemonSet result : report.results()) {
            json.writeStartObject();
            writeWhere(result.manifest(), json);
            json.writeStringField("namespace", result.namespace());
            json.writeStringField("name", result.manifest().name());
            json.writeStringField("operation", result.update() ? "UPDATE" : "CREATE");
            json.writeStringField("verdict", lower(result.status().name()));
            if (result.coverage() != null) {
                json.writeObjectFieldStart("coverage");
                json.writeNumberField("runsOn", result.coverage().runsOn());
                json.writeNumberField("selected", result.coverage().selected());
                json.writeNumberField("nodes", result.coverage().nodes());
                json.writeEndObject();
            }
            json.writeArrayFieldStart("violations");
            for (Finding finding : result.findings()) {
                json.writeStartObject();
                json.writeStringField("rule", finding.violation().rule().id());
                json.writeStringField("field", finding.violation().field());
                json.writeStringField("message", finding.violation().message());
                json.writeStringField("enforcement", finding.denies() ? "deny" : "warn");
                json.writeNumberField("line", finding.position().line());
                json.writeNumberField("column", finding.position().column());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("defaults");
            for (AppliedDefault applied : result.defaults()) {
                json.writeStartObject();
                json.writeStringField("field", applied.field());
                json.writeStringField("value", applied.value());
                json.writeStringField("fix", lower(result.fix().name()).replace('_', '-'));
                if (!result.fixReason().isEmpty()) {
                    json.writeStringField("reason", result.fixReason());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("skipped");
        for (Manifest manifest : report.skipped()) {
            json.writeStartObject();
            writeWhere(manifest, json);
            json.writeStringField("apiVersion", manifest.apiVersion());
            json.writeStringField("kind", manifest.kind());
            json.writeStringField("namespace", manifest.namespace());
            json.writeStringField("name", manifest.name());
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("errors");
        for (InputError error : report.errors()) {
            json.writeStartObject();
            json.writeStringField("file", error.source());
            json.writeNumberField("line", error.line());
            json.writeNumberField("column", error.column());
            json.writeStringField("message", error.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeWhere(Manifest manifest, JsonGenerator json) throws IOException {
        json.writeStringField("file", manifest.source().name());
        json.writeNumberField("document", manifest.document());
        if (!manifest.item().isEmpty()) {
            json.writeStringField("item", manifest.item());
        }
        json.writeNumberField("line", manifest.line());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
