package dev.dswebhook.cli.manifest;

/**
 * A place in a source: the line and column people are shown, and the offset into the text that
 * {@code --fix} edits at.
 *
 * @param line   1-based line, as the parser counts it
 * @param column 1-based column, as the parser counts it
 * @param offset 0-based index into the source text, in Java {@code char}s
 */
public record Position(int line, int column, int offset) {}
