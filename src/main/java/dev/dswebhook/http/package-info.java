/**
 * The HTTP surface: the webhooks' own HTTPS server with its fair sharing of connections and its
 * budget for bodies in flight, the two webhook routes (refuse from the head, admit, read, answer,
 * record), the index at {@code GET /}, and every error as a JSON {@code Status}.
 *
 * <p>May import: {@code admission}, {@code observe}, {@code tls}, {@code config}, Vert.x and
 * Quarkus. It decodes and encodes nothing itself: that is {@code admission}'s.
 */
package dev.dswebhook.http;
