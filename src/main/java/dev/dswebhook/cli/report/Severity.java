package dev.dswebhook.cli.report;

import dev.dswebhook.policy.EnforcementMode;
import java.util.Locale;

/** How much a line of a report matters, in the words that compilers, linters and SARIF share. */
enum Severity {
    /** Fails the check. */
    ERROR,
    /** Worth acting on, without failing the check. */
    WARNING,
    /** For information only. */
    NOTE;

    /** The word reports print: {@code error}, {@code warning} or {@code note}, which are also SARIF's levels. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A violation's severity under its rule's mode: an enforced rule's fails the check, a warn-mode rule's warns. */
    static Severity of(EnforcementMode mode) {
        return mode == EnforcementMode.ENFORCE ? ERROR : WARNING;
    }
}
