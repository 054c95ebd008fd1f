package dev.dswebhook.tls;

/** The TLS files cannot serve: unreadable, empty, truncated, expired, or a key that does not fit. */
public class InvalidTlsMaterialException extends Exception {

    public InvalidTlsMaterialException(String message) {
        super(message, null, false, false);
    }
}
