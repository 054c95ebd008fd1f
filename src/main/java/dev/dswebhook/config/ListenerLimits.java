package dev.dswebhook.config;

import java.time.Duration;

/**
 * Every setting of the webhooks' HTTPS listener, read once at start-up ({@link ListenerBeans}).
 *
 * @param port where it listens: {@code quarkus.http.ssl-port}, or {@code quarkus.http.test-ssl-port} in tests
 * @param host the address it binds: {@code quarkus.http.host}
 * @param eventLoops how many servers share the port, one per event loop: {@code quarkus.http.io-threads}
 * @param maxConnections open connections at most: {@code quarkus.http.limits.max-connections}
 * @param maxConnectionsPerSource open connections one source address may hold:
 *     {@code webhook.server.max-connections-per-source}
 * @param headTimeout how long a new connection may take to send its first request head:
 *     {@code webhook.server.head-timeout}
 * @param idleTimeout how long a connection may carry no request: {@code quarkus.http.idle-timeout}
 * @param bodyTimeout how long a body may take to arrive after its head: {@code webhook.server.body-timeout}
 * @param inFlightBytes request-body bytes held at once, all connections together:
 *     {@code webhook.server.in-flight-bytes}
 * @param queueTimeout how long a body waits for room among them: {@code webhook.server.queue-timeout}
 * @param maxBodySize the largest declared body: {@code quarkus.http.limits.max-body-size}
 * @param maxHeaderSize the most bytes of request headers: {@code quarkus.http.limits.max-header-size}
 * @param maxInitialLineLength the longest request line: {@code quarkus.http.limits.max-initial-line-length}
 * @param http2 whether HTTP/2 is offered through ALPN: {@code quarkus.http.http2}
 */
public record ListenerLimits(
        int port,
        String host,
        int eventLoops,
        int maxConnections,
        int maxConnectionsPerSource,
        Duration headTimeout,
        Duration idleTimeout,
        Duration bodyTimeout,
        long inFlightBytes,
        Duration queueTimeout,
        long maxBodySize,
        int maxHeaderSize,
        int maxInitialLineLength,
        boolean http2) {}
