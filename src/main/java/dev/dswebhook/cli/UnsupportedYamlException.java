package dev.dswebhook.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * YAML that parses but that the check cannot read faithfully: an alias ({@code *name}).
 *
 * <p>Jackson's streaming YAML parser hands an alias over as the anchor's name in a string rather
 * than the value it stands for, so a selector written as {@code matchLabels: *labels} would be
 * judged as the string {@code "labels"} and denied as malformed. Saying so is better than a
 * verdict kubectl would not reach.
 */
final class UnsupportedYamlException extends JsonProcessingException {

    UnsupportedYamlException(String message, JsonLocation location) {
        super(message, location);
    }
}
