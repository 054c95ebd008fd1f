package dev.dswebhook.cli;

import com.fasterxml.jackson.core.JsonToken;
import dev.dswebhook.cli.manifest.DocumentReader;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.cli.manifest.Outline;
import dev.dswebhook.cli.manifest.Position;
import dev.dswebhook.cli.manifest.Source;
import dev.dswebhook.cli.manifest.SourceFormat;
import dev.dswebhook.cli.report.CheckedDaemonSet;
import dev.dswebhook.cli.report.FixStatus;
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
 *
 * <p>The edited text is read back before it is used: it must hold the same DaemonSets, with the
 * same verdicts and nothing left to default; if it does not, the source is left as it was.
 */
final class Fixer {

    /** Unset spellings of a value that may be replaced: YAML nulls and empty strings, and JSON's. */
    private static final Set<String> UNSET = Set.of("", "null", "Null", "NULL", "~", "\"\"", "''");

    /**
     * What {@code --fix} made of one source.
     *
     * @param text    the text to write: the fixed one, or the source's own when nothing was fixed
     * @param results the source's DaemonSets, each due default now fixed or not fixed
     */
    record Fixed(String text, List<CheckedDaemonSet> results) {}

    private Fixer() {}

    /** Writes the defaults due into one source's text, if the edited text reads back as intended. */
    static Fixed fix(Source source, List<CheckedDaemonSet> results, DocumentReader reader, ManifestJudge judge) {
        Plan plan = plan(source, results);
        if (plan.edits().isEmpty()) {
            return new Fixed(source.text(), plan.results());
        }
        String fixed = Edit.apply(source.text(), plan.edits());
        if (!readsBack(
                new Source(source.name(), source.path(), fixed, source.format()), plan.results(), reader, judge)) {
            return new Fixed(
                    source.text(),
                    notFixed(plan.results(), "the edited file did not read back as intended; add it by hand"));
        }
        return new Fixed(fixed, plan.results());
    }

    /** The results with every planned fix marked as not made, for this reason. */
    static List<CheckedDaemonSet> notFixed(List<CheckedDaemonSet> results, String reason) {
        return results.stream()
                .map(r -> r.fix() == FixStatus.FIXED ? r.withFix(FixStatus.NOT_FIXED, reason) : r)
                .toList();
    }

    /** Whether the fixed text holds the same DaemonSets, with the same verdicts and nothing left to default. */
    private static boolean readsBack(
            Source fixed, List<CheckedDaemonSet> planned, DocumentReader reader, ManifestJudge judge) {
        DocumentReader.Contents contents = reader.read(fixed);
        if (contents.error() != null) {
            return false;
        }
        List<Manifest> daemonSets =
                contents.manifests().stream().filter(Manifest::isDaemonSet).toList();
        if (daemonSets.size() != planned.size()) {
            return false;
        }
        for (int i = 0; i < planned.size(); i++) {
            CheckedDaemonSet before = planned.get(i);
            CheckedDaemonSet after = judge.check(daemonSets.get(i));
            boolean sameVerdict = messages(before).equals(messages(after));
            boolean defaulted =
                    before.fix() != FixStatus.FIXED || after.defaults().isEmpty();
            if (!sameVerdict || !defaulted) {
                return false;
            }
        }
        return true;
    }

    private static List<String> messages(CheckedDaemonSet result) {
        return result.findings().stream().map(f -> f.violation().message()).toList();
    }

    /**
     * The edits for one source, and its results with what became of their defaults.
     *
     * @param edits   the edits to apply to the source's text
     * @param results the source's results, each due default now fixed or not fixed
     */
    private record Plan(List<Edit> edits, List<CheckedDaemonSet> results) {}

    /**
     * Replaces a span of a source text; {@code --fix} changes files only through these.
     *
     * @param offset      where the span starts
     * @param length      how long it is, 0 for an insertion
     * @param replacement what goes there
     */
    private record Edit(int offset, int length, String replacement) {

        /** An insertion. */
        static Edit insert(int offset, String text) {
            return new Edit(offset, 0, text);
        }

        /**
         * Applies edits that do not overlap, from the last to the first, so that each offset still
         * points where it did in the original text.
         */
        static String apply(String text, List<Edit> edits) {
            List<Edit> ordered = new ArrayList<>(edits);
            ordered.sort(java.util.Comparator.comparingInt(Edit::offset).reversed());
            StringBuilder out = new StringBuilder(text);
            for (Edit edit : ordered) {
                out.replace(edit.offset(), edit.offset() + edit.length(), edit.replacement());
            }
            return out.toString();
        }
    }

    /** Plans the edits for every result of one source that is due a default. */
    private static Plan plan(Source source, List<CheckedDaemonSet> results) {
        List<Edit> edits = new ArrayList<>();
        List<CheckedDaemonSet> planned = new ArrayList<>(results.size());
        for (CheckedDaemonSet result : results) {
            if (result.fix() != FixStatus.DUE) {
                planned.add(result);
                continue;
            }
            try {
                List<Edit> own = new ArrayList<>();
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

    private static Edit edit(Source source, Outline outline, PatchOp op) throws UnfixableException {
        if (!op.op().equals("add")) {
            throw new UnfixableException("--fix only writes added values");
        }
        List<String> segments = pointer(op.path());
        String key = segments.get(segments.size() - 1);
        String parentPath = String.join(".", segments.subList(0, segments.size() - 1));
        String path = parentPath.isEmpty() ? key : parentPath + "." + key;
        boolean json = source.format() == SourceFormat.JSON;
        Outline.Node existing = outline.node(path);
        Outline.Node aliased = existing != null ? existing : outline.node(parentPath);
        if (aliased != null && aliased.aliased()) {
            throw new UnfixableException((existing != null ? path : parentPath)
                    + " is written through a YAML alias, and an edit there would change every use of the anchor");
        }
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
    private static Edit replaceUnset(String text, Outline.Node node, Object value, boolean json, String path)
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
            return Edit.insert(start, space + render(value, json));
        }
        char quote = spelling.charAt(0) == '\'' ? '\'' : '"';
        boolean quoted = spelling.charAt(0) == '"' || spelling.charAt(0) == '\'';
        String rendered = value instanceof String s && quoted && !json ? quote + s + quote : render(value, json);
        return new Edit(start, end - start, rendered);
    }

    /** Inserts one entry into a mapping, in the mapping's own style. */
    private static Edit insert(String text, Outline.Node mapping, String entry, String name) throws UnfixableException {
        int open = mapping.start().offset();
        Position first = mapping.firstKey();
        if (text.charAt(open) == '{') {
            if (first == null) {
                int close = mapping.end().offset() - 1;
                if (close <= open
                        || text.charAt(close) != '}'
                        || !text.substring(open + 1, close).isBlank()) {
                    throw new UnfixableException(name + " is an empty mapping --fix cannot read");
                }
                return new Edit(open, close + 1 - open, "{" + entry + "}");
            }
            int lineStart = lineStart(text, first.offset());
            if (lineStart > open && text.substring(lineStart, first.offset()).isBlank()) {
                return Edit.insert(
                        lineStart,
                        text.substring(lineStart, first.offset()) + entry + "," + lineBreak(text, first.offset()));
            }
            return Edit.insert(first.offset(), entry + ", ");
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
            return Edit.insert(firstLineStart, indent + entry + lineBreak(text, first.offset()));
        }
        if (key.line() >= first.line()) {
            throw new UnfixableException(name + " starts on the line of its key");
        }
        int afterKeyLine = text.indexOf('\n', key.offset()) + 1;
        return Edit.insert(afterKeyLine, indent + entry + lineBreak(text, key.offset()));
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
