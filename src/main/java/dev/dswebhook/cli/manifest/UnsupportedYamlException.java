package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * YAML that parses but whose aliases the check will not expand: aliases that expand past the cap
 * (an alias bomb), an alias that names no anchor or stands as a key, or a merge key of a form
 * Kubernetes manifests do not use. Saying so is better than a verdict kubectl would not reach.
 */
final class UnsupportedYamlException extends JsonProcessingException {

    UnsupportedYamlException(String message, JsonLocation location) {
        super(message, location);
    }
}
