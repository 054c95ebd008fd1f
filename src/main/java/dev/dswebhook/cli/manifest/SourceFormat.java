package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/** The two syntaxes a manifest comes in, each with the parser that reads it and the way it spells an entry. */
public enum SourceFormat {
    // An empty value ("restartPolicy:") is null in YAML, as kubectl reads it; Jackson's builder,
    // unlike its constructor, leaves that off, so it is switched on here.
    YAML(
            new AnchoredYamlParser.Factory(YAMLFactory.builder()
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)),
            true),
    JSON(
            JsonFactory.builder()
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build(),
            false);

    private final JsonFactory factory;
    private final boolean countsCodePoints;

    SourceFormat(JsonFactory factory, boolean countsCodePoints) {
        this.factory = factory;
        this.countsCodePoints = countsCodePoints;
    }

    /** The factory of this syntax's streaming parser; both yield the same tokens, so one reader serves both. */
    JsonFactory factory() {
        return factory;
    }

    /**
     * Whether the parser's character offsets count code points (SnakeYAML does) rather than Java
     * {@code char}s (Jackson's JSON parser does); they differ after any character outside the BMP.
     */
    boolean countsCodePoints() {
        return countsCodePoints;
    }

    /** The format of a file: JSON for {@code .json}, YAML for everything else. */
    static SourceFormat ofFileName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    /**
     * The format of standard input, which has no name to go by: JSON when it starts with
     * {@code {}, as kubectl's {@code YAMLOrJSONDecoder} decides, YAML otherwise.
     */
    static SourceFormat sniff(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' ? JSON : YAML;
            }
        }
        return YAML;
    }
}
