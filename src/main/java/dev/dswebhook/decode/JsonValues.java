package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the scalar and container values at a streaming parser's current token as Go's
 * {@code encoding/json} decodes them into a Kubernetes type: {@code null} is the zero value, a later
 * duplicate key wins, and a value of the wrong JSON type is handed to a {@link WrongType}, which
 * either records it and lets reading go on (the object under review) or throws (the review's envelope).
 *
 * @param <E> what the wrong-type strategy throws, if anything
 */
public final class JsonValues<E extends Exception> {

    /** What to do with a value of the wrong type: record it and go on, or throw. */
    @FunctionalInterface
    public interface WrongType<E extends Exception> {

        /**
         * Called with the parser on the value; when it returns, the value is skipped.
         *
         * @param path     the field path, such as {@code spec.selector}
         * @param expected what it must be, such as {@code a string}
         */
        void found(JsonParser parser, String path, String expected) throws IOException, E;
    }

    private final JsonParser parser;
    private final WrongType<E> wrongType;

    public JsonValues(JsonParser parser, WrongType<E> wrongType) {
        this.parser = parser;
        this.wrongType = wrongType;
    }

    /** The string at the current token, {@code null} for JSON null or a value of the wrong type. */
    public String string(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "a string");
        }
        return null;
    }

    /** A boolean at the current token, {@code false} for JSON null or a value of the wrong type. */
    public boolean bool(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "a boolean");
        }
        return false;
    }

    /** An int32 at the current token, {@code null} for JSON null or a value of the wrong type; Go refuses fractions. */
    public Integer int32(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "an integer");
        }
        return null;
    }

    /**
     * An int-or-string ({@code intstr.IntOrString}) at the current token: an {@code Integer} for a
     * whole number, a {@code String} for a string, {@code null} for JSON null or a value of the wrong type.
     */
    public Object intOrString(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "an integer or a string");
        }
        return null;
    }

    /**
     * A quantity ({@code resource.Quantity}) at the current token, as written: a string such as
     * {@code "100m"}, or a number, which Kubernetes reads as its decimal text; {@code null} for JSON
     * null or a value of the wrong type.
     */
    public String quantity(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING
                || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "a quantity");
        }
        return null;
    }

    /** True when the current token opens an object; false for JSON null or a value of the wrong type. */
    public boolean object(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "an object");
        }
        return false;
    }

    /** True when the current token opens an array; false for JSON null or a value of the wrong type. */
    public boolean array(String path) throws IOException, E {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrong(path, "an array");
        }
        return false;
    }

    /** A string map, {@code null} when absent or JSON null as Go decodes a nil map; a {@code null} value is "". */
    public Map<String, String> stringMap(String path) throws IOException, E {
        if (!object(path)) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        JsonFields.<E>forEach(parser, key -> {
            String value = string(path + "[" + key + "]");
            map.put(key, value == null ? "" : value);
        });
        return map;
    }

    /**
     * A list of strings, empty when absent or JSON null; an item that is {@code null} or of the
     * wrong type is there as {@code null}, for the caller to read as Go would (the zero value, or nothing).
     */
    public List<String> strings(String path) throws IOException, E {
        List<String> list = new ArrayList<>();
        if (!array(path)) {
            return list;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(string(path + "[" + index++ + "]"));
        }
        return list;
    }

    private void wrong(String path, String expected) throws IOException, E {
        wrongType.found(parser, path, expected);
        parser.skipChildren();
    }
}
