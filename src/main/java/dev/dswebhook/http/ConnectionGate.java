package dev.dswebhook.http;

import dev.dswebhook.config.ListenerLimits;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Shares the HTTPS server's connection slots fairly, so that nobody on the network can take them
 * all from the API server.
 *
 * <ul>
 *   <li>One source address may hold at most {@code perSource} connections. A new one from a
 *       source at its limit closes that source's longest-idle connection, so a client that leaks
 *       connections (or an attacker that hoards them) only ever competes with itself.</li>
 *   <li>At the overall cap, a new connection closes the longest-idle connection of the source
 *       holding the most, instead of being refused.</li>
 *   <li>A connection that has not sent a whole request head within {@code headTimeout} of
 *       opening, or has had no request in flight for {@code idleTimeout}, is closed: a client
 *       trickling a header a byte at a time keeps no slot longer than that.</li>
 * </ul>
 *
 * <p>A connection with a request in flight is never closed to make room. One that makes room
 * gives up its slot at once but is closed only {@link #EVICTION_GRACE} later, or when a request it
 * still carries ends: a client that reconnects the moment it is closed would otherwise make the
 * server spend its CPU on TLS handshakes in a loop. The gate sees a connection once its TLS
 * handshake is done, which {@code quarkus.tls.<name>.handshake-timeout} bounds; Vert.x offers no
 * earlier hook.
 */
final class ConnectionGate {

    /** Why a connection was closed by the gate, as the metrics name it. */
    enum Reason {
        SOURCE_LIMIT("source-limit"),
        CAPACITY("capacity"),
        HEAD_TIMEOUT("head-timeout"),
        IDLE_TIMEOUT("idle-timeout"),
        REFUSED("refused");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    /** How long a connection that made room stays open, unserved unless it already asks, before it is closed. */
    static final Duration EVICTION_GRACE = Duration.ofSeconds(5);

    /** One open connection: where it comes from, and what it is doing. */
    static final class Tracked {
        final HttpConnection connection;
        final String source;
        final long opened;
        volatile long lastActive;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean requested;
        volatile boolean closing;
        volatile long evictedAt = -1;

        Tracked(HttpConnection connection, String source, long now) {
            this.connection = connection;
            this.source = source;
            this.opened = now;
            this.lastActive = now;
        }

        boolean idle() {
            return inFlight.get() == 0;
        }
    }

    private final int maxConnections;
    private final int perSource;
    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private final LongSupplier clock;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Tracked> evicted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> bySource = new ConcurrentHashMap<>();
    private final Map<Reason, LongAdder> closed = new ConcurrentHashMap<>();

    ConnectionGate(int maxConnections, int perSource, Duration headTimeout, Duration idleTimeout, LongSupplier clock) {
        this.maxConnections = maxConnections;
        this.perSource = perSource;
        this.headTimeoutNanos = headTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.clock = clock;
        for (Reason reason : Reason.values()) {
            closed.put(reason, new LongAdder());
        }
    }

    /** The gate of a listener with these settings. */
    static ConnectionGate of(ListenerLimits limits, LongSupplier clock) {
        return new ConnectionGate(
                limits.maxConnections(),
                limits.maxConnectionsPerSource(),
                limits.headTimeout(),
                limits.idleTimeout(),
                clock);
    }

    /** Admits a connection that just finished its handshake, making room for it if needed. */
    synchronized void admit(HttpConnection connection, String source) {
        long now = clock.getAsLong();
        AtomicInteger fromSource = bySource.computeIfAbsent(source, s -> new AtomicInteger());
        if (fromSource.get() >= perSource && !evict(longestIdle(source), Reason.SOURCE_LIMIT)) {
            refuse(connection);
            return;
        }
        if (open.size() >= maxConnections && !evict(longestIdle(heaviestSource()), Reason.CAPACITY)) {
            refuse(connection);
            return;
        }
        open.put(connection, new Tracked(connection, source, now));
        fromSource.incrementAndGet();
    }

    /** The connection is gone, however it went. */
    synchronized void closed(HttpConnection connection) {
        evicted.remove(connection);
        Tracked tracked = open.remove(connection);
        if (tracked != null) {
            AtomicInteger count = bySource.get(tracked.source);
            if (count != null && count.decrementAndGet() <= 0) {
                bySource.remove(tracked.source);
            }
        }
    }

    /** A request head arrived on a connection; returns the tracking to hand to {@link #finished}. */
    Tracked started(HttpConnection connection) {
        Tracked tracked = open.get(connection);
        if (tracked == null) {
            tracked = evicted.get(connection);
        }
        if (tracked != null) {
            tracked.requested = true;
            tracked.inFlight.incrementAndGet();
            tracked.lastActive = clock.getAsLong();
        }
        return tracked;
    }

    /** A request's response ended, or its connection went. */
    void finished(Tracked tracked) {
        if (tracked != null) {
            tracked.inFlight.decrementAndGet();
            tracked.lastActive = clock.getAsLong();
            if (tracked.evictedAt >= 0 && tracked.idle()) {
                tracked.connection.close();
            }
        }
    }

    /** Closes every connection past its head or idle deadline; the server calls this every second. */
    void sweep() {
        long now = clock.getAsLong();
        for (Tracked tracked : evicted.values()) {
            if (tracked.idle() && now - tracked.evictedAt >= EVICTION_GRACE.toNanos()) {
                evicted.remove(tracked.connection);
                tracked.connection.close();
            }
        }
        for (Tracked tracked : open.values()) {
            if (!tracked.idle() || tracked.closing) {
                continue;
            }
            if (!tracked.requested && now - tracked.opened > Math.min(headTimeoutNanos, idleTimeoutNanos)) {
                close(tracked, Reason.HEAD_TIMEOUT);
            } else if (tracked.requested && now - tracked.lastActive > idleTimeoutNanos) {
                close(tracked, Reason.IDLE_TIMEOUT);
            }
        }
    }

    /** How many connections are open now. */
    int openConnections() {
        return open.size();
    }

    /** How many connections the gate has closed, by reason. */
    long closedCount(Reason reason) {
        return closed.get(reason).sum();
    }

    private Tracked longestIdle(String source) {
        Tracked oldest = null;
        for (Tracked tracked : open.values()) {
            if (source != null
                    && tracked.source.equals(source)
                    && tracked.idle()
                    && !tracked.closing
                    && (oldest == null || tracked.lastActive < oldest.lastActive)) {
                oldest = tracked;
            }
        }
        return oldest;
    }

    private String heaviestSource() {
        String heaviest = null;
        int most = -1;
        for (Map.Entry<String, AtomicInteger> entry : bySource.entrySet()) {
            if (entry.getValue().get() > most) {
                most = entry.getValue().get();
                heaviest = entry.getKey();
            }
        }
        return heaviest;
    }

    /** Frees a connection's slot at once, to close it after the grace period. */
    private boolean evict(Tracked tracked, Reason reason) {
        if (tracked == null) {
            return false;
        }
        closed.get(reason).increment();
        closed(tracked.connection);
        tracked.evictedAt = clock.getAsLong();
        evicted.put(tracked.connection, tracked);
        return true;
    }

    private void close(Tracked tracked, Reason reason) {
        tracked.closing = true;
        closed.get(reason).increment();
        tracked.connection.close();
    }

    private void refuse(HttpConnection connection) {
        closed.get(Reason.REFUSED).increment();
        connection.close();
    }
}
