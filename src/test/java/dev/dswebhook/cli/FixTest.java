package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.cli.report.Report;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --fix}: the webhook's default written into the file as a minimal edit, over {@code fixtures/fixes.yaml}. */
@DisplayName("check --fix")
class FixTest {

    @TempDir
    Path dir;

    static Stream<Arguments> fixes() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : Fixtures.yaml("fixes.yaml")) {
            String before = row.path("before").asText();
            out.add(Arguments.of(
                    row.path("name").asText(),
                    row.path("file").asText(),
                    before,
                    row.has("after") ? row.path("after").asText() : before));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixes")
    void theFileReadsExactlyAsExpectedAfterOneFixAndASecondFixChangesNothing(
            String name, String file, String before, String after) throws IOException {
        Path path = dir.resolve(file);
        Files.writeString(path, before);

        CheckRun first = CheckRun.in(dir, "--fix", file);
        assertEquals(after, Files.readString(path), first.stdout());

        CheckRun second = CheckRun.in(dir, "--fix", file);
        assertEquals(after, Files.readString(path), "a second --fix changes nothing");
        assertFalse(second.stdout().contains("fixed"), second.stdout());
        assertEquals(first.exitCode(), second.exitCode(), "fixing never changes the verdict");

        if (first.exitCode() != Report.EXIT_UNUSABLE) {
            JsonNode report = Fixtures.JSON.readTree(
                    CheckRun.in(dir, "--output", "json", file).stdout());
            assertEquals(0, report.at("/summary/toDefault").asInt(), "the fixed file needs no default");
        }
    }

    @ParameterizedTest(name = "the sample {0} keeps every line and comment, and gains only restartPolicy: Always")
    @ValueSource(strings = {"needs-default.yaml", "multi-document.yaml", "list.yaml", "daemonset.json"})
    void aSampleGainsOnlyRestartPolicy(String sample) throws IOException {
        Path path = dir.resolve(sample);
        Files.copy(CheckRun.manifests().resolve(sample), path);
        String original = Files.readString(path);

        CheckRun run = CheckRun.in(dir, "--fix", sample);
        String fixed = Files.readString(path);

        // Walk both line by line: each fixed line is the next original line, a restartPolicy line
        // of its own, or the next original line with an entry after its opening brace.
        List<String> before = original.lines().toList();
        int next = 0;
        int additions = 0;
        for (String line : fixed.lines().toList()) {
            if (next < before.size() && line.equals(before.get(next))) {
                next++;
            } else if (line.matches(" *(restartPolicy: Always|\"restartPolicy\": \"Always\",)")) {
                additions++;
            } else if (next < before.size()
                    && line.replaceFirst("\\{restartPolicy: Always, ", "{").equals(before.get(next))) {
                additions++;
                next++;
            } else {
                throw new AssertionError("--fix changed more than restartPolicy:\n" + line);
            }
        }
        assertEquals(before.size(), next, "every original line is still there, in order");
        assertEquals(
                run.stdout().lines().filter(l -> l.contains(": fixed: ")).count(),
                additions,
                "one addition per fixed DaemonSet");
        assertTrue(
                CheckRun.in(dir, "--verbose", sample).stdout().lines().noneMatch(l -> l.contains(": default: ")),
                "the fixed file needs no default");
    }

    @Test
    @DisplayName("a file with CRLF line breaks gets a CRLF line")
    void crlfStaysCrlf() throws IOException {
        String text = "apiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata: {name: crlf}\r\nspec:\r\n"
                + "  selector: {matchLabels: {app: x}}\r\n  template:\r\n    metadata: {labels: {app: x}}\r\n"
                + "    spec:\r\n      containers: []\r\n";
        Files.writeString(dir.resolve("crlf.yaml"), text);
        CheckRun.in(dir, "--fix", "crlf.yaml");
        assertEquals(
                text.replace("    spec:\r\n", "    spec:\r\n      restartPolicy: Always\r\n"),
                Files.readString(dir.resolve("crlf.yaml")));
    }

    @Test
    @DisplayName(
            "--fix --stdout writes the fixed file to standard output, the report to standard error, and leaves the file")
    void stdoutLeavesTheFileAndPrintsTheFixedOne() throws IOException {
        Path path = dir.resolve("needs-default.yaml");
        Files.copy(CheckRun.manifests().resolve("needs-default.yaml"), path);
        String original = Files.readString(path);

        CheckRun run = CheckRun.in(dir, "--fix", "--stdout", "needs-default.yaml");

        assertEquals(original, Files.readString(path));
        assertEquals(original.replace("    spec:\n", "    spec:\n      restartPolicy: Always\n"), run.stdout());
        assertTrue(
                run.stderr().startsWith("needs-default.yaml:18:5: note: kube-logging/fluentd-elasticsearch: fixed: "),
                run.stderr());
        assertEquals(0, run.exitCode());
    }

    @Test
    @DisplayName("--fix on standard input writes the fixed stream to standard output, ready for kubectl apply -f -")
    void stdinIsFixedToStdout() throws IOException {
        String input = Files.readString(CheckRun.manifests().resolve("multi-document.yaml"));

        CheckRun run = CheckRun.withStdin(dir, input, "--fix", "-");

        assertEquals(
                input.replace(
                                "    spec:\n      containers:",
                                "    spec:\n      restartPolicy: Always\n      containers:")
                        .replace("spec: {containers:", "spec: {restartPolicy: Always, containers:"),
                run.stdout());
        assertTrue(run.stderr().contains("<stdin>:63:5: note: agents/metrics-agent: fixed: "), run.stderr());
        assertEquals(1, run.exitCode(), "the invalid label still fails");
        assertEquals(new String(run.stdout().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), run.stdout());
    }
}
