package dev.dswebhook.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces a span of a source text; {@code --fix} changes files only through these.
 *
 * @param offset      where the span starts
 * @param length      how long it is, 0 for an insertion
 * @param replacement what goes there
 */
record TextEdit(int offset, int length, String replacement) {

    /** An insertion. */
    static TextEdit insert(int offset, String text) {
        return new TextEdit(offset, 0, text);
    }

    /**
     * Applies edits that do not overlap, from the last to the first, so that each offset still
     * points where it did in the original text.
     */
    static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(TextEdit::offset).reversed());
        StringBuilder out = new StringBuilder(text);
        for (TextEdit edit : ordered) {
            out.replace(edit.offset(), edit.offset() + edit.length(), edit.replacement());
        }
        return out.toString();
    }
}
