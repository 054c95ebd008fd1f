package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One input as read: a file or standard input, its whole text, and the syntax to parse it in.
 *
 * <p>The text is kept whole because {@code --fix} edits it in place, and because it is parsed
 * twice: once to outline every document, once to read each DaemonSet with the webhook's reader.
 *
 * @param name   how reports name it: the path as the user wrote it, or {@code <stdin>}
 * @param path   the file, or {@code null} for standard input
 * @param text   the text, byte order mark included
 * @param format the syntax
 */
public record Source(String name, Path path, String text, SourceFormat format) {

    /** The name reports give standard input. */
    public static final String STDIN = "<stdin>";

    /** Whether this is standard input rather than a file. */
    public boolean isStdin() {
        return path == null;
    }

    /**
     * A fresh parser at the start of the text, YAML aliases expanded. A byte order mark is skipped here, since Jackson's
     * JSON parser rejects one in character input; {@link #bomLength()} puts it back into offsets.
     */
    JsonParser parser() throws IOException {
        JsonParser parser = format.factory().createParser(text.substring(bomLength()));
        return parser instanceof AnchoredYamlParser yaml ? new AliasExpandingParser(yaml) : parser;
    }

    /** 1 when the text starts with a byte order mark, else 0. */
    int bomLength() {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
    }
}
