package dev.dswebhook.envtest;

import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code kubectl} that comes with the envtest binaries, run against a control plane the way a
 * user runs it, so that the README's commands are what the tier exercises.
 */
public final class Kubectl {

    /** What one command printed and how it exited. */
    public record Run(int exitCode, String stdout, String stderr) {

        /** The output, failing with both streams when the command failed. */
        public String ok() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited with " + exitCode + ":\n" + stderr + stdout);
            }
            return stdout;
        }
    }

    private final Path binary;
    private final Path kubeconfig;

    Kubectl(ControlPlane controlPlane) {
        this.binary = locate();
        this.kubeconfig = controlPlane.kubeconfig();
    }

    /** Runs {@code kubectl <args>} with the control plane's kubeconfig, feeding it {@code stdin}. */
    public Run withInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // Read both streams before waiting, so that a full pipe cannot block the command.
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread reader = new Thread(() -> {
                try {
                    err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete(e.toString());
                }
            });
            reader.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code kubectl <args>}. */
    public Run run(String... args) {
        return withInput(null, args);
    }

    /** {@code kubectl kustomize <dir>}, which needs no cluster. */
    public String kustomize(Path dir) {
        return run("kustomize", dir.toString()).ok();
    }

    private static Path locate() {
        String configured = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        String dir = configured != null
                ? configured
                : new File(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME).getPath();
        try (Stream<Path> versions = Files.list(Path.of(dir, "k8s"))) {
            return versions.map(v -> v.resolve("kubectl"))
                    .filter(Files::isExecutable)
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no kubectl among the envtest binaries in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
