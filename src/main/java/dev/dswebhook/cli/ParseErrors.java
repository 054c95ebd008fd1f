package dev.dswebhook.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns a parser's exception into one line that names the file, the line and the problem. */
final class ParseErrors {

    private ParseErrors() {
    }

    /**
     * The error for a source that stopped parsing. SnakeYAML's own exception carries the problem
     * and its place apart from the multi-line excerpt that Jackson's message quotes, so the line
     * stays short; JSON errors carry their location on the exception.
     */
    static InputError describe(Source source, JsonProcessingException e) {
        String syntax = source.format() == SourceFormat.JSON ? "JSON" : "YAML";
        if (e instanceof UnsupportedYamlException) {
            return new InputError(source.name(), e.getLocation().getLineNr(), e.getLocation().getColumnNr(),
                    e.getOriginalMessage());
        }
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String problem = yaml.getProblem() == null ? "not valid YAML" : yaml.getProblem();
            return new InputError(source.name(), yaml.getProblemMark().getLine() + 1,
                    yaml.getProblemMark().getColumn() + 1, "cannot parse " + syntax + ": " + problem);
        }
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return new InputError(source.name(), location == null ? 0 : location.getLineNr(),
                location == null ? 0 : location.getColumnNr(), "cannot parse " + syntax + ": " + message);
    }
}
