package dev.dswebhook.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of the check command in this JVM, as a test sees it: exit code, standard output and
 * standard error.
 *
 * @param exitCode the exit code
 * @param stdout   what went to standard output
 * @param stderr   what went to standard error
 */
record CheckRun(int exitCode, String stdout, String stderr) {

    /** Runs the command in a working directory, with nothing on standard input. */
    static CheckRun in(Path workingDir, String... args) {
        return withStdin(workingDir, "", args);
    }

    /** Runs the command in a working directory, with the given text on standard input. */
    static CheckRun withStdin(Path workingDir, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Check.run(
                List.of(args),
                workingDir,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CheckRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The sample manifests under {@code fixtures/manifests}, where the golden runs are made. */
    static Path manifests() {
        try {
            return Path.of(CheckRun.class
                    .getClassLoader()
                    .getResource("fixtures/manifests")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
