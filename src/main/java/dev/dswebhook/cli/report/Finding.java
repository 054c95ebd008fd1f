package dev.dswebhook.cli.report;

import dev.dswebhook.cli.manifest.Position;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.Violation;

/**
 * One violation in a manifest: what the webhook would say, whether it would deny or only warn,
 * and where in the file the field is.
 *
 * @param violation the violation, whose {@code message()} is the webhook's wording
 * @param mode      {@code ENFORCE} when it fails the check, {@code WARN} when it only warns
 * @param position  the field's place in the file, or the nearest enclosing one when it is missing
 */
public record Finding(Violation violation, EnforcementMode mode, Position position) {

    /** Whether it fails the check. */
    boolean denies() {
        return mode == EnforcementMode.ENFORCE;
    }

    /** How reports rank it: an error when it fails the check, else a warning. */
    Severity severity() {
        return Severity.of(mode);
    }
}
