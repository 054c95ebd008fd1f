package dev.dswebhook.cli;

import com.fasterxml.jackson.core.JsonToken;
import dev.dswebhook.policy.AppliedDefault;
import dev.dswebhook.policy.PatchOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the mutating webhook's defaults into a manifest's own text, as the smallest edit that
 * does what the webhook's JSON Patch does, so that every comment, key order, quote and blank line
 * of the rest of the file stays as it was.
 *
 * <p>Each default is the webhook's {@code add} operation. When the member exists with an unset
 * value ({@code restartPolicy:}, {@code null}, {@code ~}, {@code ""}), only that value is
 * replaced. Otherwise one entry is inserted into the parent mapping found by the parser's token
 * locations: in a block mapping, a line of its own at the indentation of the mapping's first key,
 * straight after the line of the mapping's own key (so a comment above the first key stays with
 * it); in a flow mapping or JSON, an entry right after the opening brace, on a line of its own
 * when the first key is on one. Anything else is left alone and reported as not fixed.
 */
final class Fixer {

    /** Unset spellings of a value that may be replaced: YAML nulls and empty strings, and JSON's. */
    private static final Set<String> UNSET = Set.of("", "null", "Null", "NULL", "~", "\"\"", "''");

    /**
     * The edits for one source, and its results with what became of their defaults.
     *
     * @param edits   the edits to apply to the source's text
     * @param results the source's results, each due default now fixed or not fixed
     */
    record Plan(List<TextEdit> edits, List<Result> results) {
    }

    /** Plans the edits for every result of one source that is due a default. */
    Plan plan(Source source, List<Result> results) {
        List<TextEdit> edits = new ArrayList<>();
        List<Result> planned = new ArrayList<>(results.size());
        for (Result result : results) {
            if (result.fix() != FixStatus.DUE) {
                planned.add(result);
                continue;
            }
            try {
                List<TextEdit> own = new ArrayList<>();
                for (AppliedDefault applied : result.defaults()) {
                    own.add(edit(source, result.manifest().outline(), applied.patch()));
                }
                edits.addAll(own);
                planned.add(result.withFix(FixStatus.FIXED, ""));
            } catch (UnfixableException e) {
                planned.add(result.withFix(FixStatus.NOT_FIXED, e.getMessage()));
            }
        }
        return new Plan(edits, planned);
    }

    private TextEdit edit(Source source, Outline outline, PatchOp op) throws UnfixableException {
        if (!op.op().equals("add")) {
            throw new UnfixableException("--fix only writes added values");
        }
        List<String> segments = pointer(op.path());
        String key = segments.get(segments.size() - 1);
        String parentPath = String.join(".", segments.subList(0, segments.size() - 1));
        String path = parentPath.isEmpty() ? key : parentPath + "." + key;
        boolean json = source.format() == SourceFormat.JSON;
        Outline.Node existing = outline.node(path);
        if (existing != null) {
            return replaceUnset(source.text(), existing, op.value(), json, path);
        }
        Outline.Node parent = outline.node(parentPath);
        if (parent == null || parent.token() != JsonToken.START_OBJECT) {
            throw new UnfixableException((parentPath.isEmpty() ? "the object" : parentPath) + " is not a mapping");
        }
        String entry = (json ? quote(key) : key) + ": " + render(op.value(), json);
        return insert(source.text(), parent, entry, (parentPath.isEmpty() ? "the object" : parentPath));
    }

    /** Replaces a value that is there but unset, keeping a quoted one's quotes. */
    private static TextEdit replaceUnset(String text, Outline.Node node, Object value, boolean json, String path)
            throws UnfixableException {
        int start = node.start().offset();
        int end = node.end().offset();
        String spelling = text.substring(start, end);
        boolean unset = node.token() == JsonToken.VALUE_NULL
                || (node.token() == JsonToken.VALUE_STRING && node.text().isEmpty());
        if (!unset || !UNSET.contains(spelling)) {
            throw new UnfixableException(path + " is written in a form --fix does not rewrite");
        }
        if (spelling.isEmpty()) {
            // "restartPolicy:" with nothing after the colon: the parser places the value right there.
            String space = start > 0 && text.charAt(start - 1) == ':' ? " " : "";
            return TextEdit.insert(start, space + render(value, json));
        }
        char quote = spelling.charAt(0) == '\'' ? '\'' : '"';
        boolean quoted = spelling.charAt(0) == '"' || spelling.charAt(0) == '\'';
        String rendered = value instanceof String s && quoted && !json ? quote + s + quote : render(value, json);
        return new TextEdit(start, end - start, rendered);
    }

    /** Inserts one entry into a mapping, in the mapping's own style. */
    private static TextEdit insert(String text, Outline.Node mapping, String entry, String name) throws UnfixableException {
        int open = mapping.start().offset();
        Position first = mapping.firstKey();
        if (text.charAt(open) == '{') {
            if (first == null) {
                int close = mapping.end().offset() - 1;
                if (close <= open || text.charAt(close) != '}' || !text.substring(open + 1, close).isBlank()) {
                    throw new UnfixableException(name + " is an empty mapping --fix cannot read");
                }
                return new TextEdit(open, close + 1 - open, "{" + entry + "}");
            }
            int lineStart = lineStart(text, first.offset());
            if (lineStart > open && text.substring(lineStart, first.offset()).isBlank()) {
                return TextEdit.insert(lineStart, text.substring(lineStart, first.offset()) + entry + ","
                        + lineBreak(text, first.offset()));
            }
            return TextEdit.insert(first.offset(), entry + ", ");
        }
        if (first == null) {
            throw new UnfixableException(name + " is an empty mapping --fix cannot read");
        }
        int firstLineStart = lineStart(text, first.offset());
        String indent = text.substring(firstLineStart, first.offset());
        if (!indent.isBlank()) {
            throw new UnfixableException("the first key of " + name + " does not start its line");
        }
        Position key = mapping.key();
        if (key == null) {
            return TextEdit.insert(firstLineStart, indent + entry + lineBreak(text, first.offset()));
        }
        if (key.line() >= first.line()) {
            throw new UnfixableException(name + " starts on the line of its key");
        }
        int afterKeyLine = text.indexOf('\n', key.offset()) + 1;
        return TextEdit.insert(afterKeyLine, indent + entry + lineBreak(text, key.offset()));
    }

    /** A patch value as YAML flow or JSON: strings plain (YAML) or quoted (JSON), maps in braces. */
    private static String render(Object value, boolean json) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (out.length() > 1) {
                    out.append(", ");
                }
                String key = String.valueOf(entry.getKey());
                out.append(json ? quote(key) : key).append(": ").append(render(entry.getValue(), json));
            }
            return out.append('}').toString();
        }
        // Defaults are plain words such as Always, which need no quotes in YAML.
        return json ? quote(String.valueOf(value)) : String.valueOf(value);
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    private static int lineStart(String text, int offset) {
        return text.lastIndexOf('\n', offset - 1) + 1;
    }

    /** The line break of the line holding an offset, so that a CRLF file stays CRLF. */
    private static String lineBreak(String text, int offset) {
        int newline = text.indexOf('\n', offset);
        if (newline < 0) {
            newline = text.lastIndexOf('\n');
        }
        return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
    }

    /** The members of a JSON Pointer, unescaped. */
    private static List<String> pointer(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.substring(1).split("/", -1)) {
            out.add(segment.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** A default that cannot be written as a minimal edit, with the reason for the report. */
    private static final class UnfixableException extends Exception {

        UnfixableException(String reason) {
            super(reason, null, false, false);
        }
    }
}
