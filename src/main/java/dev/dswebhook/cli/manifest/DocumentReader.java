package dev.dswebhook.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dswebhook.decode.DaemonSetReader;
import dev.dswebhook.policy.ClusterKind;
import dev.dswebhook.policy.DaemonSetInput;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the Kubernetes objects of one source: every document of a multi-document YAML stream or a
 * JSON stream, and every item of a {@code List}, each DaemonSet decoded by the webhook's own reader.
 *
 * <p>It reads the text twice. The first pass outlines every document, which tells apart the
 * objects to judge (the {@code kind} may come after the {@code spec}) and records where each
 * field is; a syntax error anywhere stops it, so no object of a broken file is judged or fixed.
 * The second pass walks the same tokens in step and hands each DaemonSet, with the parser on its
 * first token, to {@link DaemonSetReader}: the very code that reads the object of a review.
 */
public final class DocumentReader {

    /**
     * What a source holds.
     *
     * @param manifests every object, in order; DaemonSets decoded, the rest only outlined
     * @param documents how many documents are not empty
     * @param error     why the source could not be read, or {@code null}
     * @param unbound   the objects of a readable source that the cluster-aware rules could not read
     */
    public record Contents(List<Manifest> manifests, int documents, InputError error, List<InputError> unbound) {}

    /** The other objects the cluster-aware rules read, by {@code apiVersion/kind}: every {@link ClusterKind} but DaemonSets. */
    private static final Map<String, Class<? extends HasMetadata>> NEIGHBOURS = neighbours();

    private static Map<String, Class<? extends HasMetadata>> neighbours() {
        Map<String, Class<? extends HasMetadata>> out = new java.util.HashMap<>();
        for (ClusterKind kind : ClusterKind.values()) {
            if (kind.role() != ClusterKind.Role.DAEMON_SET) {
                out.put(kind.apiVersion() + "/" + kind.kind(), kind.type());
            }
        }
        return Map.copyOf(out);
    }

    private static final ObjectMapper MODELS =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String rootName;
    private final String fieldPrefix;

    /**
     * @param rootName    how a shape error names the object itself, as the review reader does:
     *                    {@code object}, or {@code oldObject} for the objects given with {@code --old}
     * @param fieldPrefix what goes before the field paths of shape errors: empty, or {@code oldObject.}
     */
    public DocumentReader(String rootName, String fieldPrefix) {
        this.rootName = rootName;
        this.fieldPrefix = fieldPrefix;
    }

    /** Reads every object of a source, or says where it stops parsing. */
    public Contents read(Source source) {
        List<Outline> outlines = new ArrayList<>();
        try (JsonParser parser = source.parser()) {
            Offsets offsets = new Offsets(source);
            while (parser.nextToken() != null) {
                outlines.add(Outline.scan(parser, offsets));
            }
        } catch (JsonProcessingException e) {
            return new Contents(List.of(), 0, describe(source, e), List.of());
        } catch (IOException e) {
            return new Contents(
                    List.of(), 0, new InputError(source.name(), 0, 0, "cannot read: " + e.getMessage()), List.of());
        }
        Reading reading = new Reading(source);
        int documents = 0;
        try (JsonParser parser = source.parser()) {
            for (int index = 0; index < outlines.size(); index++) {
                parser.nextToken();
                Outline outline = outlines.get(index);
                if (outline.token("") == JsonToken.VALUE_NULL) {
                    // An empty document, such as a template that rendered nothing; kubectl ignores it.
                    continue;
                }
                documents++;
                reading.object(parser, index, "", outline);
            }
        } catch (IOException e) {
            // The first pass read the same text without error, so this cannot happen.
            throw new IllegalStateException("the second read of " + source.name() + " failed", e);
        }
        return new Contents(List.copyOf(reading.manifests), documents, null, List.copyOf(reading.unbound));
    }

    /**
     * A {@code List}, or any {@code ...List} kind with {@code items}, is a container that
     * {@code kubectl apply} opens, so each item is judged on its own.
     */
    private static boolean isList(Outline outline) {
        String kind = outline.string("kind");
        return kind != null && kind.endsWith("List") && outline.token("items") == JsonToken.START_ARRAY;
    }

    /** The second pass over one source: the objects read so far, and those that would not bind. */
    private final class Reading {

        private final Source source;
        private final List<Manifest> manifests = new ArrayList<>();
        private final List<InputError> unbound = new ArrayList<>(0);

        Reading(Source source) {
            this.source = source;
        }

        /** Reads the value the parser is on: a DaemonSet, a List to open, an object to bind, or one to skip. */
        void object(JsonParser parser, int document, String item, Outline outline) throws IOException {
            Class<? extends HasMetadata> neighbour =
                    NEIGHBOURS.get(outline.string("apiVersion") + "/" + outline.string("kind"));
            if (Manifest.isAppsV1DaemonSet(outline)) {
                DaemonSetInput daemonSet = DaemonSetReader.read(parser, rootName, fieldPrefix);
                manifests.add(new Manifest(source, document, item, outline, daemonSet, null));
            } else if (isList(outline)) {
                items(parser, document, item, outline);
            } else if (neighbour != null) {
                manifests.add(new Manifest(source, document, item, outline, null, bind(parser, outline, neighbour)));
            } else {
                parser.skipChildren();
                manifests.add(new Manifest(source, document, item, outline, null, null));
            }
        }

        private void items(JsonParser parser, int document, String item, Outline outline) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!field.equals("items") || parser.currentToken() != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String path = "items[" + index++ + "]";
                    Outline itemOutline = outline.scope(path);
                    if (itemOutline.token("") != JsonToken.VALUE_NULL) {
                        object(parser, document, item.isEmpty() ? path : item + "." + path, itemOutline);
                    }
                }
            }
        }

        /**
         * Binds an object the cluster-aware rules read to its fabric8 model, as a client would. One
         * that does not bind, such as a Deployment with a string for a label map, is an input error:
         * kubectl would refuse it too, and the rules could not say whether it overlaps.
         */
        private HasMetadata bind(JsonParser parser, Outline outline, Class<? extends HasMetadata> type)
                throws IOException {
            JsonNode tree = MODELS.readTree(parser);
            try {
                return MODELS.treeToValue(tree, type);
            } catch (JsonProcessingException e) {
                unbound.add(new InputError(
                        source.name(),
                        outline.start().line(),
                        outline.start().column(),
                        "cannot read this " + type.getSimpleName() + " for the cluster-aware rules: " + firstLine(e)));
                return null;
            }
        }
    }

    /**
     * The error for a source that stopped parsing. SnakeYAML's own exception carries the problem
     * and its place apart from the multi-line excerpt that Jackson's message quotes, so the line
     * stays short; JSON errors carry their location on the exception.
     */
    private static InputError describe(Source source, JsonProcessingException e) {
        String syntax = source.format() == SourceFormat.JSON ? "JSON" : "YAML";
        if (e instanceof UnsupportedYamlException) {
            return new InputError(
                    source.name(), e.getLocation().getLineNr(), e.getLocation().getColumnNr(), e.getOriginalMessage());
        }
        String hint = looksLikeATemplate(source.text())
                ? "; this looks like a Helm or Go template: render it first, as in"
                        + " helm template RELEASE CHART | daemonset-check -"
                : "";
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String problem = yaml.getProblem() == null ? "not valid YAML" : yaml.getProblem();
            return new InputError(
                    source.name(),
                    yaml.getProblemMark().getLine() + 1,
                    yaml.getProblemMark().getColumn() + 1,
                    "cannot parse " + syntax + ": " + problem + hint);
        }
        JsonLocation location = e.getLocation();
        return new InputError(
                source.name(),
                location == null ? 0 : location.getLineNr(),
                location == null ? 0 : location.getColumnNr(),
                "cannot parse " + syntax + ": " + inUsersTerms(e) + hint);
    }

    /** A parser's or binder's message without the excerpt Jackson appends on the lines after it. */
    private static String firstLine(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }

    /** Whether a text holds Go template actions, as Helm charts and other templates do. */
    private static boolean looksLikeATemplate(String text) {
        return text.contains("{{") && text.contains("}}");
    }

    /**
     * A parser's complaint without the parser's internals: the first line of Jackson's message,
     * and, where it names SnakeYAML's event classes (a mapping or list where a key should be, as
     * {@code {{ ... }}} at the start of a line gives), what that means in YAML's terms.
     */
    private static String inUsersTerms(JsonProcessingException e) {
        String message = firstLine(e);
        if (message.contains("org.yaml.snakeyaml")) {
            if (message.contains("MappingStartEvent")) {
                return "a mapping stands where a key should be";
            }
            if (message.contains("SequenceStartEvent")) {
                return "a list stands where a key should be";
            }
            return "unexpected structure where a key should be";
        }
        return message;
    }
}
