package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's check section, run as written against the packaged application: every command of
 * its {@code console} blocks, its SARIF excerpt, and its GitHub Actions workflow, so that none of
 * them can drift from the build.
 */
@DisplayName("The README's check command runs from the packaged application")
class CheckCommandIT {

    private static final String SECTION = "## Check manifests before you apply";
    private static final String LAUNCHER = "target/quarkus-app/bin/daemonset-check";

    @TempDir
    Path workspace;

    @Test
    @DisplayName("every console example prints exactly the documented lines and exit code")
    void everyConsoleExampleRunsAsDocumented() throws Exception {
        List<List<String>> blocks = blocks("```console");
        assertTrue(blocks.size() >= 2, "the text example and the other formats");
        int commands = 0;
        for (List<String> block : blocks) {
            for (int i = 0; i < block.size(); i++) {
                if (!block.get(i).startsWith("$ ") || block.get(i).equals("$ echo $?")) {
                    continue;
                }
                int next = i + 1;
                while (next < block.size() && !block.get(next).startsWith("$ ")) {
                    next++;
                }
                String command = block.get(i).substring(2);
                assertTrue(command.startsWith(LAUNCHER + " "), command);
                Run run = bash(command, Path.of(""));
                assertEquals(String.join("\n", block.subList(i + 1, next)) + "\n", run.stdout, command);
                assertEquals("", run.stderr, command);
                if (next < block.size() && block.get(next).equals("$ echo $?")) {
                    assertEquals(Integer.parseInt(block.get(next + 1)), run.exitCode, command);
                }
                commands++;
            }
        }
        assertTrue(commands >= 3, "text, JSON and GitHub");
    }

    @Test
    @DisplayName("the README's one-liner is the launcher, over a directory")
    void theOneLinerIsTheLauncher() throws Exception {
        String oneLiner = blocks("```sh").get(0).get(0);
        assertTrue(oneLiner.startsWith(LAUNCHER + " "), oneLiner);

        Run run = bash(LAUNCHER + " src/test/resources/fixtures/manifests/update/", Path.of(""));
        assertEquals(0, run.exitCode, run.stdout);
        assertTrue(
                run.stdout.endsWith("5 documents read, 5 DaemonSets judged: 5 passed, 0 failed, 0 warned; 0 skipped\n"),
                run.stdout);
    }

    @Test
    @DisplayName("the launcher works through a symbolic link, as when linked into a directory on PATH")
    void theLauncherFollowsALink() throws Exception {
        Path bin = Files.createDirectories(workspace.resolve("bin"));
        Files.createSymbolicLink(
                bin.resolve("daemonset-check"), Path.of(LAUNCHER).toAbsolutePath());
        Run run = bash(
                "PATH=\"" + bin + ":$PATH\" daemonset-check --help",
                Path.of("").toAbsolutePath().getRoot());
        assertEquals(0, run.exitCode, run.stderr);
        assertTrue(run.stdout.startsWith("Usage: daemonset-check "), run.stdout);
    }

    @Test
    @DisplayName("the launcher maps its classes from the archive the build recorded, and a moved copy goes"
            + " without it, saying nothing")
    void theLauncherUsesItsClassDataArchive() throws Exception {
        assertTrue(Files.size(Path.of("target/quarkus-app/bin/check.jsa")) > 0, "the build recorded it");
        Path loads = workspace.resolve("class-load.txt");
        // -Xshare:on fails the JVM outright when the archive cannot be mapped.
        Run mapped = bash(
                "DAEMONSET_CHECK_JAVA_OPTS='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:on -Xlog:class+load=info:file="
                        + loads + "' " + LAUNCHER + " --help",
                Path.of(""));
        assertEquals(0, mapped.exitCode, mapped.stderr + mapped.stdout);
        assertTrue(
                Files.readString(loads).contains("dev.dswebhook.cli.Check source: shared objects file (top)"),
                "the command's own classes come from the archive");

        Path moved = workspace.resolve("moved");
        Run copy = bash("cp -r target/quarkus-app " + moved, Path.of(""));
        assertEquals(0, copy.exitCode, copy.stderr);
        String input = " src/test/resources/fixtures/manifests/update/";
        Run here = bash(LAUNCHER + input, Path.of(""));
        Run there = bash(moved.resolve("bin/daemonset-check") + input, Path.of(""));
        assertEquals(here, there, "the same output, and no word about the archive it cannot use");
    }

    @Test
    @DisplayName("the README's SARIF excerpt is a result of the golden SARIF log, word for word")
    void theSarifExcerptIsAResultOfTheGoldenLog() throws Exception {
        JsonNode excerpt =
                Fixtures.JSON.readTree(String.join("\n", blocks("```json").get(0)));
        JsonNode log = Fixtures.JSON.readTree(Path.of("src/test/resources/fixtures/golden/directory.sarif.json")
                .toFile());
        List<JsonNode> results = new ArrayList<>();
        log.path("runs").path(0).path("results").forEach(results::add);
        assertTrue(results.contains(excerpt), excerpt.toString());
    }

    @Test
    @DisplayName("the README's GitHub Actions workflow runs its check steps as the runner would")
    void theActionsWorkflowRuns() throws Exception {
        String text = String.join("\n", blocks("```yaml").get(0));
        JsonNode workflow = Fixtures.YAML.readTree(text);
        Path checkout = workspace.resolve(".daemonset-webhook");
        Files.createDirectories(checkout.resolve("target"));
        Files.createSymbolicLink(
                checkout.resolve("target/quarkus-app"),
                Path.of("target/quarkus-app").toAbsolutePath());
        Path deploy = Files.createDirectories(workspace.resolve("deploy"));
        for (String sample : List.of("invalid.yaml", "valid.yaml")) {
            Files.copy(Path.of("src/test/resources/fixtures/manifests", sample), deploy.resolve(sample));
        }

        List<JsonNode> steps = new ArrayList<>();
        workflow.path("jobs").path("check").path("steps").forEach(steps::add);
        List<Run> runs = new ArrayList<>();
        String sarifFile = null;
        for (JsonNode step : steps) {
            if (step.path("uses").asText().startsWith("github/codeql-action/upload-sarif")) {
                sarifFile = step.path("with").path("sarif_file").asText();
                assertEquals("always()", step.path("if").asText(), "uploaded even when the check fails");
            }
            String script = step.path("run").asText();
            if (script.contains("daemonset-check")) {
                // GitHub runs a run step as bash -e with the workspace as the working directory.
                runs.add(bash("set -e\n" + script, workspace));
            }
        }
        assertEquals(2, runs.size(), "the annotations step and the SARIF step");

        Run annotations = runs.get(0);
        assertEquals(1, annotations.exitCode, "the check step fails the job on a violation");
        assertTrue(
                annotations.stdout.startsWith(
                        "::error file=deploy/invalid.yaml,line=13,col=7,title=selector-mismatch::"),
                annotations.stdout);

        Run sarif = runs.get(1);
        assertEquals(0, sarif.exitCode, "the SARIF step succeeds, so the upload runs: " + sarif.stderr);
        JsonNode log = Fixtures.JSON.readTree(workspace.resolve(sarifFile).toFile());
        assertEquals("2.1.0", log.path("version").asText());
        JsonNode first = log.path("runs").path(0).path("results").path(0);
        assertEquals("selector-mismatch", first.path("ruleId").asText());
        assertEquals(
                "deploy/invalid.yaml",
                first.path("locations")
                        .path(0)
                        .path("physicalLocation")
                        .path("artifactLocation")
                        .path("uri")
                        .asText());
        assertFalse(log.path("runs")
                .path(0)
                .path("invocations")
                .path(0)
                .path("executionSuccessful")
                .isMissingNode());
    }

    /** The lines of every fenced block of this kind in the check section, fences left out. */
    private static List<List<String>> blocks(String fence) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf(SECTION);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        List<List<String>> blocks = new ArrayList<>();
        for (int i = start; i < end; i++) {
            if (lines.get(i).equals(fence)) {
                int close = lines.subList(i + 1, end).indexOf("```") + i + 1;
                blocks.add(lines.subList(i + 1, close));
                i = close;
            }
        }
        return blocks;
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    /** Runs a README line as a shell would, with the JDK that runs the tests first on the PATH. */
    private static Run bash(String script, Path workingDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(workingDir.toAbsolutePath().toFile());
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().merge("PATH", javaBin, (path, bin) -> bin + java.io.File.pathSeparator + path);
        builder.environment().remove("JAVA_HOME");
        Path stderr = Files.createTempFile("check-stderr", ".txt");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the command finished");
        String err = Files.readString(stderr);
        Files.delete(stderr);
        return new Run(process.exitValue(), stdout, err);
    }
}
