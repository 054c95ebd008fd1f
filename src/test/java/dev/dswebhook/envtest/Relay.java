package dev.dswebhook.envtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the webhook and an API server, bytes untouched (TLS passes through), that a
 * test can cut, as a network partition or an API server restart looks to a client, and slow down,
 * as an API server under load answers a first list.
 */
final class Relay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile long delayMillis;

    private Relay(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** A relay to the API server of {@code plane}. */
    static Relay to(ControlPlane plane) {
        try {
            String server = Files.readAllLines(plane.kubeconfig()).stream()
                    .filter(line -> line.trim().startsWith("server:"))
                    .findFirst()
                    .orElseThrow();
            return new Relay(Integer.parseInt(
                    server.substring(server.lastIndexOf(':') + 1).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the plane's kubeconfig that reaches it through this relay. */
    Path kubeconfig(ControlPlane plane) {
        try {
            String yaml = Files.readString(plane.kubeconfig());
            Path copy = Files.createTempFile("relay-", ".kubeconfig");
            Files.writeString(
                    copy,
                    yaml.replace("127.0.0.1:" + target, "127.0.0.1:" + listener.getLocalPort()),
                    StandardCharsets.UTF_8);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops every connection and refuses new ones until {@link #restore}. */
    void cut() {
        cut = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Lets connections through again. */
    void restore() {
        cut = false;
    }

    /** Holds each new connection this long before the first byte goes either way. */
    void delayNewConnections(Duration delay) {
        delayMillis = delay.toMillis();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Thread start = new Thread(() -> connect(client), "relay-connect");
                start.setDaemon(true);
                start.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            open.add(client);
            open.add(upstream);
            if (cut) {
                closeQuietly(client);
                closeQuietly(upstream);
                return;
            }
            pump(client, upstream);
            pump(upstream, client);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) >= 0; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // The other side went, or the relay was cut.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
