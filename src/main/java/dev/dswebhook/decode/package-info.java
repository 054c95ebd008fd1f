/**
 * Reading a DaemonSet from any Jackson token stream, JSON from a review or YAML and JSON from a
 * manifest, into the policy's input, recording each wrongly typed value as a shape error at its
 * field path; and the strict, bounded JSON factory the webhook reads reviews with (well-formed
 * UTF-8 checked first, unread subtrees checked against the grammar but never parsed).
 *
 * <p>May import: {@code policy}, Jackson and fabric8's model types.
 */
package dev.dswebhook.decode;
