/**
 * What operators see: Prometheus metrics, the JSON decision log, readiness, and the one
 * non-blocking writer of standard output that every log line goes through.
 *
 * <p>May import: {@code admission} (the decisions it records), {@code policy} (rule names),
 * {@code cluster} (the size and state of its caches), {@code tls}, {@code config}, Micrometer,
 * Quarkus and the JBoss log manager.
 */
package dev.dswebhook.observe;
