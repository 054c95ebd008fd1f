package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Walks the fields of one JSON object on a streaming parser. */
public final class JsonFields {

    /** Reads one field's value; it must consume the whole value, or skip it. */
    @FunctionalInterface
    public interface Handler<E extends Exception> {
        void field(String name) throws IOException, E;
    }

    private JsonFields() {}

    /**
     * Calls the handler once per field of the object whose {@code START_OBJECT} the parser is on,
     * with the parser on the field's value, and leaves the parser on the object's {@code END_OBJECT}.
     */
    public static <E extends Exception> void forEach(JsonParser parser, Handler<E> handler) throws IOException, E {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            handler.field(name);
        }
    }
}
