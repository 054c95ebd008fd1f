package dev.dswebhook.admission;

/**
 * The request body cannot be read as an AdmissionReview, so no review can be sent back.
 *
 * <p>This is the one exception on the request path: it marks input the webhook cannot answer
 * in kind, and the HTTP layer turns it into a 400 with a JSON {@code Status} body.
 */
public class MalformedReviewException extends Exception {

    public MalformedReviewException(String message) {
        super(message, null, false, false);
    }
}
