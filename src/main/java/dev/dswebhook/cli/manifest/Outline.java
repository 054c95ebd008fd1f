package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where every value of one document is, by field path: the index that turns a violation's field
 * into a line, and that {@code --fix} edits by.
 *
 * <p>Paths are spelt as violations spell them: {@code spec.template.spec}, {@code
 * matchExpressions[0]}, and a map entry also as {@code labels[name]}. An outline can be scoped to
 * an item of a {@code List}, whose paths then start at the item.
 */
public final class Outline {

    /**
     * One value.
     *
     * @param token    its first token: {@code START_OBJECT}, {@code VALUE_STRING}, ...
     * @param key      where its field name starts, or {@code null} for the root and array items
     * @param start    where the value starts; for a block mapping, at its first key
     * @param end      just after the value
     * @param firstKey where an object's first field name starts, or {@code null}
     * @param text     a string value's text, or {@code null}
     * @param aliased  whether the value is written elsewhere, at an anchor, and stands here through a
     *                 YAML alias or merge key: its positions are the alias's, and it cannot be edited here
     */
    public record Node(
            JsonToken token,
            Position key,
            Position start,
            Position end,
            Position firstKey,
            String text,
            boolean aliased) {

        /** The position to point a reader at: the field name when there is one, else the value. */
        Position where() {
            return key != null ? key : start;
        }
    }

    private final Map<String, Node> nodes;
    private final String prefix;

    private Outline(Map<String, Node> nodes, String prefix) {
        this.nodes = nodes;
        this.prefix = prefix;
    }

    /**
     * Outlines the value whose first token the parser is on, and leaves the parser on its last
     * token, exactly as {@code skipChildren} would.
     */
    static Outline scan(JsonParser parser, Offsets offsets) throws IOException {
        Map<String, Node> nodes = new HashMap<>();
        nodes.put("", new Scanner(parser, offsets, nodes).value("", null));
        return new Outline(nodes, "");
    }

    /** This outline seen from a value inside it, such as {@code items[2]} of a List. */
    Outline scope(String path) {
        return new Outline(nodes, join(prefix, path));
    }

    /** The value at a path, or {@code null} when there is none. */
    public Node node(String path) {
        return nodes.get(join(prefix, path));
    }

    /** The first token of the value at a path, or {@code null} when there is none. */
    JsonToken token(String path) {
        Node node = node(path);
        return node == null ? null : node.token();
    }

    /** The string at a path, or {@code null} when it is absent or not a string. */
    String string(String path) {
        Node node = node(path);
        return node == null ? null : node.text();
    }

    /** Where this outline's value starts. */
    Position start() {
        return node("").start();
    }

    /**
     * Where a field is, for pointing a reader at it. A field that is missing, such as a required
     * selector, or that is not in this document, such as one of the old object's, is shown at its
     * nearest enclosing value, and at worst at the object itself.
     */
    public Position positionOf(String field) {
        String path = inFile(field);
        while (!path.isEmpty()) {
            Node node = node(path);
            if (node != null) {
                return node.where();
            }
            path = parent(path);
        }
        return start();
    }

    /**
     * The path of a field in the manifest: the API server reports a pod template's labels at
     * {@code spec.template.labels}, as it validates the template's metadata under the template
     * itself, but in the file they are under {@code spec.template.metadata}.
     */
    private static String inFile(String field) {
        String reported = "spec.template.labels";
        if (field.equals(reported) || field.startsWith(reported + "[")) {
            return "spec.template.metadata.labels" + field.substring(reported.length());
        }
        return field;
    }

    private static String parent(String path) {
        int cut = path.endsWith("]") ? path.lastIndexOf('[') : path.lastIndexOf('.');
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    private static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.isEmpty()) {
            return prefix;
        }
        return path.startsWith("[") ? prefix + path : prefix + "." + path;
    }

    /** One walk over a value's tokens, recording each value it meets. */
    private static final class Scanner {

        private final JsonParser parser;
        private final Offsets offsets;
        private final Map<String, Node> nodes;

        Scanner(JsonParser parser, Offsets offsets, Map<String, Node> nodes) {
            this.parser = parser;
            this.offsets = offsets;
            this.nodes = nodes;
        }

        Node value(String path, Position key) throws IOException {
            JsonToken token = parser.currentToken();
            boolean aliased = parser instanceof AliasExpandingParser yaml && yaml.replaying();
            Position start = offsets.at(parser.currentTokenLocation());
            Position firstKey = null;
            String text = null;
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    Position fieldKey = offsets.at(parser.currentTokenLocation());
                    if (firstKey == null) {
                        firstKey = fieldKey;
                    }
                    parser.nextToken();
                    String child = path.isEmpty() ? name : path + "." + name;
                    Node node = value(child, fieldKey);
                    nodes.put(child, node);
                    // Violations name map entries by key in brackets, as in labels[name].
                    nodes.put(path + "[" + name + "]", node);
                }
            } else if (token == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String child = path + "[" + index++ + "]";
                    nodes.put(child, value(child, null));
                }
            } else {
                // Reading the text also makes Jackson's JSON parser finish the token, so that the
                // location below is its end rather than just past an opening quote.
                String scalar = parser.getText();
                text = token == JsonToken.VALUE_STRING ? scalar : null;
            }
            Position end = offsets.at(parser.currentLocation());
            return new Node(token, key, start, end, firstKey, text, aliased);
        }
    }
}
