package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * Converts a parser's token locations into positions in the source text.
 *
 * <p>SnakeYAML counts offsets in code points and Jackson's JSON parser in {@code char}s, and both
 * parse the text without its byte order mark. Tokens arrive in order, so the conversion walks the
 * text once instead of counting from the start for every token.
 */
final class Offsets {

    private final String text;
    private final int base;
    private final boolean codePoints;
    private long parserOffset;
    private int textOffset;

    Offsets(Source source) {
        this.text = source.text();
        this.base = source.bomLength();
        this.codePoints = source.format().countsCodePoints();
        this.textOffset = base;
    }

    /** The position of a location the parser reported. */
    Position at(JsonLocation location) {
        return new Position(location.getLineNr(), location.getColumnNr(), offset(location.getCharOffset()));
    }

    private int offset(long offset) {
        if (!codePoints) {
            return (int) Math.min(text.length(), base + offset);
        }
        if (offset < parserOffset) {
            parserOffset = 0;
            textOffset = base;
        }
        while (parserOffset < offset && textOffset < text.length()) {
            textOffset += Character.charCount(text.codePointAt(textOffset));
            parserOffset++;
        }
        return textOffset;
    }
}
