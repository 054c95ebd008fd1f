package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.cli.report.OutputFormat;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: usage errors, exit codes, inputs, and the shapes of the JSON and GitHub reports. */
@DisplayName("check command line")
class CommandLineTest {

    private static final Pattern GITHUB_COMMAND =
            Pattern.compile("::(error|warning|notice) file=[^,:]+,line=[1-9]\\d*,col=[1-9]\\d*,title=[^:,]+::\\S.*");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} is a usage error that says \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|no input; give files, directories, or - for standard input",
                "missing.yaml|no such file or directory: missing.yaml",
                "--frobnicate valid.yaml|unknown option --frobnicate",
                "--warn-rules selector-mismatches valid.yaml|--warn-rules: unknown rule 'selector-mismatches'; the rules are selector-mismatch, empty-selector,",
                "--enforce-rules=restart_policy valid.yaml|--enforce-rules: unknown rule 'restart_policy'",
                "--warn-rules restart-policy --enforce-rules restart-policy valid.yaml|--warn-rules and --enforce-rules both list restart-policy",
                "--mode block valid.yaml|--mode must be enforce or warn, not 'block'",
                "--mode off valid.yaml|--mode must be enforce or warn, not 'off'",
                "--off-rules host-port-surges valid.yaml|--off-rules: unknown rule 'host-port-surges'",
                "--off-rules restart-policy --warn-rules restart-policy valid.yaml|--warn-rules and --off-rules both list restart-policy",
                "--output xml valid.yaml|--output must be text, json, github or sarif, not 'xml'",
                "valid.yaml --old|--old needs a value",
                "--fix=yes valid.yaml|--fix takes no value",
                "--stdout valid.yaml|--stdout only goes with --fix",
                "--fix --stdout valid.yaml invalid.yaml|--fix writes to standard output for one input only",
                "--fix - valid.yaml|--fix writes to standard output for one input only",
                "--fix --stdout update|--fix writes to standard output for one file only, and update holds 2 files",
                "--old - -|standard input can be read once",
            })
    void aUsageErrorExitsWith2AndSaysWhatIsWrong(String args, String message) {
        CheckRun run = CheckRun.in(CheckRun.manifests(), args.isEmpty() ? new String[0] : args.split(" "));
        assertEquals(2, run.exitCode());
        assertEquals("", run.stdout());
        assertTrue(run.stderr().startsWith("check: " + message), run.stderr());
    }

    @Test
    @DisplayName("--help prints the usage, with every flag and every output format, and exits 0")
    void helpPrintsTheUsage() {
        CheckRun run = CheckRun.in(CheckRun.manifests(), "--help");
        assertEquals(0, run.exitCode());
        for (String flag : List.of(
                "--old",
                "--output",
                "--fix",
                "--stdout",
                "--mode",
                "--warn-rules",
                "--enforce-rules",
                "--off-rules",
                "--verbose")) {
            assertTrue(run.stdout().contains(flag), flag);
        }
        String output = run.stdout()
                .substring(run.stdout().indexOf("--output"), run.stdout().indexOf("--verbose"));
        for (OutputFormat format : OutputFormat.values()) {
            assertTrue(output.contains(format.id()), "--output's help names " + format.id() + ": " + output);
        }
    }

    @ParameterizedTest(name = "{0} exits {1}")
    @CsvSource({
        "valid.yaml,0",
        "needs-default.yaml,0",
        "other-kinds.yaml,0",
        "../inputs/removed-apis.yaml,1",
        "invalid.yaml,1",
        "malformed.yaml,1",
        "broken.yaml,2",
        "valid.yaml invalid.yaml broken.yaml,2",
        "--mode=warn invalid.yaml,0",
        "--off-rules restart-policy invalid.yaml,1",
        "'--off-rules restart-policy,selector-mismatch invalid.yaml',0"
    })
    void exitCodes(String args, int exit) {
        assertEquals(exit, CheckRun.in(CheckRun.manifests(), args.split(" ")).exitCode());
    }

    @Test
    @DisplayName("the JSON report has a summary that adds up, and a verdict, rule and line for everything")
    void theJsonReportIsConsistent() throws IOException {
        CheckRun run = CheckRun.in(CheckRun.manifests(), "--output", "json", "--warn-rules", "restart-policy", ".");
        JsonNode report = Fixtures.JSON.readTree(run.stdout());
        JsonNode summary = report.path("summary");
        assertEquals(run.exitCode(), report.path("exitCode").asInt());
        assertEquals(summary.path("judged").asInt(), report.path("daemonSets").size());
        assertEquals(summary.path("skipped").asInt(), report.path("skipped").size());
        assertEquals(summary.path("errors").asInt(), report.path("errors").size());
        assertEquals(
                summary.path("judged").asInt(),
                summary.path("passed").asInt()
                        + summary.path("failed").asInt()
                        + summary.path("warned").asInt());
        for (JsonNode daemonSet : report.path("daemonSets")) {
            assertTrue(Set.of("passed", "failed", "warned")
                    .contains(daemonSet.path("verdict").asText()));
            assertTrue(Set.of("CREATE", "UPDATE")
                    .contains(daemonSet.path("operation").asText()));
            assertTrue(daemonSet.path("line").asInt() > 0);
            for (JsonNode violation : daemonSet.path("violations")) {
                assertTrue(violation
                        .path("message")
                        .asText()
                        .startsWith(violation.path("field").asText() + ": "));
                assertTrue(Set.of("deny", "warn")
                        .contains(violation.path("enforcement").asText()));
                assertEquals(
                        violation.path("rule").asText().equals("restart-policy") ? "warn" : "deny",
                        violation.path("enforcement").asText());
                assertTrue(violation.path("line").asInt() > 0
                        && violation.path("column").asInt() > 0);
            }
        }
        for (JsonNode error : report.path("errors")) {
            assertTrue(error.path("line").asInt() > 0, "a parse error names its line");
        }
    }

    @Test
    @DisplayName("the GitHub report is one workflow command per finding, then the summary")
    void theGithubReportIsWorkflowCommands() {
        CheckRun run = CheckRun.in(
                CheckRun.manifests(),
                "--output",
                "github",
                "--mode",
                "warn",
                "--enforce-rules",
                "malformed-object",
                "invalid.yaml",
                "malformed.yaml",
                "needs-default.yaml");
        List<String> lines = run.stdout().lines().toList();
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(GITHUB_COMMAND.matcher(line).matches(), line);
        }
        assertTrue(lines.get(0)
                .startsWith("::warning file=invalid.yaml,line=13,col=7,title=selector-mismatch (warn mode)::"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("::error file=malformed.yaml,")));
        assertTrue(
                lines.stream().noneMatch(l -> l.startsWith("::notice")),
                "a default the API server applies anyway is no annotation");
        assertTrue(lines.get(lines.size() - 1)
                .startsWith("3 documents read, 3 DaemonSets judged: 1 passed, 1 failed, 1 warned"));
    }

    @Test
    @DisplayName("standard input is read as YAML, or as JSON when it starts with a brace, and named <stdin>")
    void stdinIsReadAsYamlOrJson() throws IOException {
        String yaml = Files.readString(CheckRun.manifests().resolve("invalid.yaml"));
        CheckRun fromYaml = CheckRun.withStdin(dir, yaml, "-");
        assertEquals(1, fromYaml.exitCode());
        assertTrue(fromYaml.stdout()
                .startsWith("<stdin>:13:7: error: kube-logging/fluentd-elasticsearch: spec.template.metadata.labels:"));

        String json = Files.readString(CheckRun.manifests().resolve("daemonset.json"));
        CheckRun fromJson = CheckRun.withStdin(dir, json + json, "-");
        assertTrue(
                fromJson.stdout()
                        .contains("<stdin>:" + (json.lines().count() + 9)
                                + ":5: error: agents/json-agent: spec.selector: Invalid value: {}"),
                fromJson.stdout());
        assertTrue(
                fromJson.stdout()
                        .endsWith("2 documents read, 2 DaemonSets judged: 0 passed, 2 failed, 0 warned; 0 skipped\n"),
                fromJson.stdout());
    }

    @Test
    @DisplayName(
            "a directory is searched for .yaml, .yml and .json but not inside hidden directories; a file named is read whatever its extension")
    void whichFilesAreRead() throws IOException {
        String daemonSet = Files.readString(CheckRun.manifests().resolve("invalid.yaml"));
        Files.createDirectories(dir.resolve("app/.github/workflows"));
        Files.writeString(dir.resolve("app/.github/workflows/ci.yml"), daemonSet);
        Files.writeString(dir.resolve("app/ds.yml"), daemonSet);
        Files.writeString(dir.resolve("app/notes.txt"), daemonSet);
        Files.writeString(dir.resolve("named.txt"), daemonSet);

        CheckRun run = CheckRun.in(dir, "app", "named.txt", "app/ds.yml");

        assertEquals(
                List.of("app/ds.yml:13:7", "named.txt:13:7"),
                run.stdout()
                        .lines()
                        .filter(l -> l.contains("[selector-mismatch]"))
                        .map(l -> l.substring(0, l.indexOf(": ")))
                        .toList());
    }

    @Test
    @DisplayName("an old object that is malformed makes the update malformed, in the webhook's words")
    void aMalformedOldObject() throws IOException {
        Files.writeString(
                dir.resolve("old.yaml"), "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\nspec: oops\n");
        Files.writeString(
                dir.resolve("new.yaml"),
                "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\n"
                        + "spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {restartPolicy: Always}}}\n");
        CheckRun run = CheckRun.in(dir, "--old", "old.yaml", "new.yaml");
        assertEquals(
                "new.yaml:1:1: error: default/x: oldObject.spec: Invalid value: \"oops\": must be an object [malformed-object]\n"
                        + "1 document read, 1 DaemonSet judged: 0 passed, 1 failed, 0 warned; 0 skipped\n",
                run.stdout());
        assertEquals(1, run.exitCode());
    }

    @Test
    @DisplayName("a YAML alias to an anchor that is not there is an input error at the alias")
    void anAliasWithoutItsAnchor() throws IOException {
        Files.writeString(
                dir.resolve("alias.yaml"),
                "labels: &labels {app: a}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n"
                        + "  selector:\n    matchLabels: *labels\n");
        CheckRun run = CheckRun.in(dir, "alias.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "alias.yaml:8:18: error: the alias *labels names no anchor (&labels) completed before it in this document\n",
                run.stderr());
    }

    @Test
    @DisplayName("findings go to standard output and input errors to standard error, in every format")
    void findingsToStdoutErrorsToStderr() {
        for (OutputFormat output : OutputFormat.values()) {
            String format = output.id();
            CheckRun run = CheckRun.in(CheckRun.manifests(), "--output", format, "invalid.yaml", "broken.yaml");
            assertEquals(2, run.exitCode(), format);
            assertTrue(run.stdout().contains("selector-mismatch"), format + ": " + run.stdout());
            String error = format.equals("github")
                    ? "::error file=broken.yaml,line=6,col=3,title=input error::cannot parse YAML:"
                    : "broken.yaml:6:3: error: cannot parse YAML:";
            assertTrue(run.stderr().startsWith(error), format + ": " + run.stderr());
            if (format.equals("text") || format.equals("github")) {
                assertFalse(run.stdout().contains("cannot parse"), format + ": " + run.stdout());
            }
        }
    }

    @Test
    @DisplayName("an empty directory fails the run: a wrong path in CI must not pass")
    void anEmptyDirectoryFails() throws IOException {
        Files.createDirectories(dir.resolve("manifests"));
        CheckRun run = CheckRun.in(dir, "manifests");
        assertEquals(2, run.exitCode());
        assertEquals(
                "0 documents read, 0 DaemonSets judged: 0 passed, 0 failed, 0 warned; 0 skipped; 1 input error\n",
                run.stdout());
        assertEquals("manifests: error: no *.yaml, *.yml or *.json file in this directory\n", run.stderr());
    }

    @Test
    @DisplayName("two old DaemonSets of the same namespace and name are an input error")
    void duplicateOldObjects() throws IOException {
        String daemonSet = Files.readString(CheckRun.manifests().resolve("valid.yaml"));
        Files.writeString(dir.resolve("old.yaml"), daemonSet + "---\n" + daemonSet);
        Files.writeString(dir.resolve("new.yaml"), daemonSet);
        CheckRun run = CheckRun.in(dir, "--old", "old.yaml", "new.yaml");
        assertEquals(2, run.exitCode());
        assertTrue(
                run.stderr()
                        .contains("old.yaml:23: error: --old has two DaemonSets named monitoring/node-exporter:"
                                + " old.yaml:2 and old.yaml:23\n"),
                run.stderr());
    }

    @Test
    @DisplayName("a file that is not UTF-8 is an input error at its line, and --fix leaves it alone")
    void notUtf8() throws IOException {
        byte[] bytes = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: \"caf\u00e9\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("latin1.yaml"), bytes);
        CheckRun run = CheckRun.in(dir, "--fix", "latin1.yaml");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("latin1.yaml:3:22: error: not valid UTF-8"), run.stderr());
        assertEquals(List.of(bytes.length), List.of(Files.readAllBytes(dir.resolve("latin1.yaml")).length));
    }
}
