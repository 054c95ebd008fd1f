package dev.dswebhook.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.dswebhook.cli.manifest.InputError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** What more than one reporter writes the same way: an input error for people, and one indented JSON document. */
final class Reports {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");

    /** Writes one JSON document. */
    interface JsonDocument {
        void write(JsonGenerator json) throws IOException;
    }

    private Reports() {}

    /** An input error as {@code file:line:column: error: message}, leaving out what is not known. */
    static String describe(InputError error) {
        StringBuilder out = new StringBuilder(error.source()).append(':');
        if (error.line() > 0) {
            out.append(error.line()).append(':');
            if (error.column() > 0) {
                out.append(error.column()).append(':');
            }
        }
        return out.append(" error: ").append(error.message()).toString();
    }

    /**
     * Prints the input errors to standard error for people, then one JSON document, indented by
     * two spaces, to standard output: what every format that writes one JSON document does.
     */
    static void printJson(Report report, PrintStream err, PrintStream out, JsonDocument document) {
        for (InputError error : report.errors()) {
            err.println(describe(error));
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(INDENT)
                    .withArrayIndenter(INDENT));
            document.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(text);
    }
}
