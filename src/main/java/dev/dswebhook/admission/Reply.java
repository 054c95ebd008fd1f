package dev.dswebhook.admission;

/**
 * The encoded reply to one review, with the decision it encodes, for the log and the metrics.
 *
 * @param body     the AdmissionReview to send back
 * @param decision what was decided
 */
public record Reply(byte[] body, Decision decision) {}
