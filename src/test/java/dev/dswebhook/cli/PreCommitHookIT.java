package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code .pre-commit-hooks.yaml}, used as a project would use it: Debian's
 * {@code pre-commit}, offline, installs the hook from a throwaway git repository holding that file,
 * into another throwaway repository with the launcher on its PATH, and runs it on staged manifests.
 *
 * <p>{@code .ci/run} installs {@code pre-commit}; elsewhere this test is skipped when it is
 * missing, and fails when it is missing under CI.
 */
@DisplayName("The pre-commit hook")
class PreCommitHookIT {

    @TempDir
    static Path root;

    private static Path hooks;
    private static String revision;

    @BeforeAll
    static void publishTheHookRepository() throws Exception {
        boolean installed = run(List.of("pre-commit", "--version"), Path.of("")).exitCode == 0;
        if (!installed && System.getenv("CI") != null) {
            fail("pre-commit is not installed; .ci/run installs it (apt-get install pre-commit)");
        }
        Assumptions.assumeTrue(installed, "pre-commit is not installed");
        hooks = Files.createDirectories(root.resolve("hooks"));
        Files.copy(Path.of(".pre-commit-hooks.yaml"), hooks.resolve(".pre-commit-hooks.yaml"));
        git(hooks, "init", "-q");
        git(hooks, "add", ".pre-commit-hooks.yaml");
        git(hooks, "commit", "-q", "-m", "hooks");
        revision = git(hooks, "rev-parse", "HEAD").stdout.strip();
    }

    @Test
    @DisplayName("a staged DaemonSet that breaks a rule stops the commit, with the finding at its line")
    void aBrokenDaemonSetStopsTheCommit() throws Exception {
        Path project = project("broken", "invalid.yaml");
        Run run = preCommit(project);
        assertEquals(1, run.exitCode, run.stdout);
        assertTrue(run.stdout.contains("daemonset-check"), run.stdout);
        assertTrue(run.stdout.contains("Failed"), run.stdout);
        assertTrue(
                run.stdout.contains("deploy/invalid.yaml:16:7: error: kube-logging/fluentd-elasticsearch:"
                        + " spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\""),
                run.stdout);
    }

    @Test
    @DisplayName("staged DaemonSets that keep every rule pass")
    void goodDaemonSetsPass() throws Exception {
        Path project = project("good", "valid.yaml", "needs-default.yaml");
        Run run = preCommit(project);
        assertEquals(0, run.exitCode, run.stdout);
        assertTrue(run.stdout.contains("Passed"), run.stdout);
    }

    /** A git repository with the hook configured and the given samples staged under deploy/. */
    private static Path project(String name, String... samples) throws Exception {
        Path project = Files.createDirectories(root.resolve(name));
        git(project, "init", "-q");
        Files.writeString(
                project.resolve(".pre-commit-config.yaml"),
                "repos:\n"
                        + "  - repo: " + hooks.toUri() + "\n"
                        + "    rev: " + revision + "\n"
                        + "    hooks:\n"
                        + "      - id: daemonset-check\n");
        Path deploy = Files.createDirectories(project.resolve("deploy"));
        for (String sample : samples) {
            Files.copy(Path.of("src/test/resources/fixtures/manifests", sample), deploy.resolve(sample));
        }
        git(project, "add", ".");
        return project;
    }

    /** Runs the hooks on the staged files, with the launcher first on the PATH and a cache of its own. */
    private static Run preCommit(Path project) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("pre-commit", "run").directory(project.toFile());
        Path launcher = Path.of("target/quarkus-app/bin").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment()
                .merge("PATH", launcher + ":" + javaBin, (path, bins) -> bins + java.io.File.pathSeparator + path);
        builder.environment().put("PRE_COMMIT_HOME", root.resolve("cache").toString());
        builder.environment().remove("JAVA_HOME");
        return run(builder);
    }

    private static Run git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Run run = run(command, dir);
        assertEquals(0, run.exitCode, String.join(" ", command) + ": " + run.stdout);
        return run;
    }

    private record Run(int exitCode, String stdout) {}

    private static Run run(List<String> command, Path dir) throws Exception {
        return run(new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile()));
    }

    private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        builder.redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + builder.command());
        return new Run(process.exitValue(), out);
    }
}
