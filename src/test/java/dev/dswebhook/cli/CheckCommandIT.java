package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's check command, run as written against the packaged application, so that the
 * documented line and its output cannot drift from the build.
 */
@DisplayName("The README's check command runs from the packaged application")
class CheckCommandIT {

    private static final String SECTION = "## Check manifests before you apply";

    @Test
    @DisplayName("the README's example prints exactly the documented lines and exit code")
    void theReadmeExampleRunsAsDocumented() throws Exception {
        List<String> block = firstBlock("```console");
        assertTrue(block.get(0).startsWith("$ java -cp "), block.get(0));
        int echo = block.indexOf("$ echo $?");
        String command = block.get(0).substring(2);

        Run run = bash(command);

        assertEquals(String.join("\n", block.subList(1, echo)) + "\n", run.stdout);
        assertEquals(Integer.parseInt(block.get(echo + 1)), run.exitCode);
    }

    @Test
    @DisplayName("the README's one-liner is the same command, over a directory")
    void theOneLinerIsTheSameCommand() throws Exception {
        String oneLiner = firstBlock("```sh").get(0);
        String example = firstBlock("```console").get(0).substring(2);
        String classpathAndMain =
                example.substring(0, example.indexOf("dev.dswebhook.cli.Check") + "dev.dswebhook.cli.Check".length());
        assertTrue(oneLiner.startsWith(classpathAndMain + " "), oneLiner);

        Run run = bash(classpathAndMain + " src/test/resources/fixtures/manifests/update/");
        assertEquals(0, run.exitCode, run.stdout);
        assertTrue(
                run.stdout.endsWith("5 documents read, 5 DaemonSets judged: 5 passed, 0 failed, 0 warned; 0 skipped\n"),
                run.stdout);
    }

    private static List<String> firstBlock(String fence) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        List<String> section = lines.subList(lines.indexOf(SECTION), lines.size());
        List<String> fromFence = section.subList(section.indexOf(fence) + 1, section.size());
        return fromFence.subList(0, fromFence.indexOf("```"));
    }

    private record Run(int exitCode, String stdout) {}

    /** Runs a README line as a shell would, with the JDK that runs the tests first on the PATH. */
    private static Run bash(String line) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).redirectError(ProcessBuilder.Redirect.INHERIT);
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().merge("PATH", javaBin, (path, bin) -> bin + java.io.File.pathSeparator + path);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the command finished");
        return new Run(process.exitValue(), stdout);
    }
}
