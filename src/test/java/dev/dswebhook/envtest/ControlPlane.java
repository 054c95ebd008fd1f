package dev.dswebhook.envtest;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real kube-apiserver with its etcd on loopback, started through {@code io.fabric8:kube-api-test}
 * the way controller-runtime's envtest starts one: no kubelet, no scheduler, no controllers, but
 * the API server's own decoding, defaulting, validation and admission chain, webhooks included.
 *
 * <p>The binaries come from {@code KUBE_API_TEST_DIR} ({@code k8s/<version>-linux-amd64/}); with
 * none there, kube-api-test downloads the official ones. {@code .ci/run} unpacks a local copy.
 */
public final class ControlPlane implements AutoCloseable {

    /** How long the binaries may take to appear and the pair to answer before the tier gives up. */
    private static final long START_SECONDS = 240;

    /** How long the API server may take to answer once its binaries are there. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static ControlPlane shared;
    private static RuntimeException failed;

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private ControlPlane(KubeAPIServer server, String kubeconfigYaml) {
        this.server = server;
        try {
            this.kubeconfig = Files.createTempFile("envtest-", ".kubeconfig");
            Files.writeString(kubeconfig, kubeconfigYaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigYaml))
                .build();
    }

    /** The control plane the whole tier shares, started on first use and stopped when the JVM exits. */
    public static synchronized ControlPlane shared() {
        if (failed != null) {
            // One failed start says it all; the other test classes need not try again.
            throw new IllegalStateException(failed.getMessage(), failed);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "envtest-stop"));
        }
        return shared;
    }

    /**
     * A control plane of its own, for a test that stops it or needs its API server run differently.
     *
     * @param apiServerFlags more kube-apiserver flags, each {@code --name=value}
     */
    public static ControlPlane start(String... apiServerFlags) {
        awayFromMidnight();
        KubeAPIServerConfigBuilder config =
                KubeAPIServerConfigBuilder.anAPIServerConfig().withApiServerFlag("--bind-address", "127.0.0.1");
        for (String flag : apiServerFlags) {
            config.withApiServerFlag(flag);
        }
        KubeAPIServer server = new KubeAPIServer(
                config.withStartupTimeout((int) STARTUP_TIMEOUT.toMillis()).build());
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> new Thread(r, "envtest-start"));
        try {
            // Bounded, so that a download that never completes fails the tier instead of hanging it.
            Future<?> started = starter.submit(server::start);
            started.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stopQuietly(server);
            throw new IllegalStateException(unavailable("it did not start within " + START_SECONDS + " s"), e);
        } catch (ExecutionException e) {
            stopQuietly(server);
            throw new IllegalStateException(unavailable(String.valueOf(e.getCause())), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            starter.shutdownNow();
        }
        return new ControlPlane(server, server.getKubeConfigYaml());
    }

    /**
     * kube-api-test 7.5.2 measures its start-up deadline with {@code LocalTime}, which wraps at
     * midnight: a start begun less than the timeout before midnight fails at once with "did not
     * start properly". Starting a little after midnight instead avoids that.
     */
    private static void awayFromMidnight() {
        LocalTime now = LocalTime.now();
        LocalTime wrap = LocalTime.MAX.minus(STARTUP_TIMEOUT);
        if (now.isAfter(wrap)) {
            long wait = Duration.between(now, LocalTime.MAX).toMillis() + 2_000;
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops what did start of a control plane that failed to, without hiding why it failed. */
    private static void stopQuietly(KubeAPIServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            // Nothing was started, or it is gone already.
        }
    }

    private static String unavailable(String why) {
        String dir = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
        if (dir == null) {
            dir = new File(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME).getPath();
        }
        File k8s = new File(dir, "k8s");
        String found = k8s.isDirectory() ? Arrays.toString(k8s.list()) : "nothing";
        return "The envtest tier needs a real kube-apiserver, etcd and kubectl, and could not start them: " + why
                + ". It looks in " + k8s + " (found " + found + ") and otherwise downloads the official binaries, "
                + "which needs internet access. Unpack them there (for example with envtest's install.sh, as .ci/run "
                + "does) and set KUBE_API_TEST_DIR, or run where the download can reach its servers.";
    }

    /** A client with cluster-admin rights, from the control plane's own kubeconfig. */
    public KubernetesClient client() {
        return client;
    }

    /** Creates a namespace, or leaves it as it is when it exists, and returns its name. */
    public String namespace(String name) {
        client.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
        return name;
    }

    /** {@code kubectl} against this control plane. */
    public Kubectl kubectl() {
        return new Kubectl(this);
    }

    /** The kubeconfig file of that client, for commands such as {@code kubectl} or {@code check --cluster}. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The kube-apiserver's command line, kept by {@link #stopApiServer()} for {@link #startApiServer()}. */
    private List<String> apiServerCommand;

    /** The kube-apiserver {@link #startApiServer()} started, which kube-api-test does not know of. */
    private Process restarted;

    /** Kills the kube-apiserver process only, as a crash would, and leaves etcd running with its data. */
    public synchronized void stopApiServer() {
        if (restarted != null) {
            restarted.destroyForcibly();
            waitFor(restarted);
            restarted = null;
            return;
        }
        try {
            // kube-api-test exposes no restart, and stops etcd too when its API server exits unless told first.
            Field field = KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
            field.setAccessible(true);
            KubeAPIServerProcess process = (KubeAPIServerProcess) field.get(server);
            Field running = KubeAPIServerProcess.class.getDeclaredField("apiServerProcess");
            running.setAccessible(true);
            ProcessHandle.Info info = ((Process) running.get(process)).info();
            List<String> command = new ArrayList<>();
            command.add(info.command().orElseThrow());
            command.addAll(Arrays.asList(info.arguments().orElseThrow()));
            apiServerCommand = command;
            process.stopApiServer();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kube-api-test changed: cannot reach its kube-apiserver process", e);
        }
    }

    /** Starts the kube-apiserver {@link #stopApiServer()} stopped, on the same port, certs, flags and etcd. */
    public synchronized void startApiServer() {
        if (apiServerCommand == null || restarted != null) {
            throw new IllegalStateException("the API server was not stopped with stopApiServer()");
        }
        try {
            Path log = Files.createTempFile("kube-apiserver-", ".log");
            restarted = new ProcessBuilder(apiServerCommand)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (!ready()) {
                if (!restarted.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the restarted kube-apiserver did not become ready; see " + log);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready() {
        try {
            return "ok".equals(client.raw("/readyz"));
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean closed;

    /** Stops the pair; a second call, such as a test's after it stopped it itself, does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        if (restarted != null) {
            restarted.destroyForcibly();
            waitFor(restarted);
        }
        server.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            // A leftover temp file is harmless.
        }
    }
}
