package dev.dswebhook.cli;

/** A command line that cannot be run as written: an unknown flag, a missing path, an unknown rule. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
