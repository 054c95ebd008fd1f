package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Fixtures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The byte-scanning skip lands exactly where Jackson's own token-by-token skip does, for random
 * JSON full of escapes, nesting and unicode, read whole or a few bytes at a time; a subtree cut
 * short is an error, not a skip; and a document broken anywhere by a stray byte is rejected by
 * the skip exactly when Jackson's own parser, reading every token, rejects it.
 */
@Label("Skipping a subtree")
class SkippingParserPropertyTest {

    static final JsonFactory SKIPPING = new JsonLimits(128, 8 << 20, 100).factory();

    @Property(tries = 1000)
    @Label("the next token after a skipped subtree is the one Jackson finds")
    boolean theNextTokenIsJacksons(@ForAll("values") JsonNode value, @ForAll @IntRange(min = 1, max = 23) int chunk)
            throws IOException {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("skip", value);
        document.put("after", "marker \" \\ é");
        byte[] json = Fixtures.JSON.writeValueAsBytes(document);
        return landsOnMarker(SKIPPING.createParser(json))
                && landsOnMarker(SKIPPING.createParser(new Trickle(json, chunk)));
    }

    @Property(tries = 300)
    @Label("a subtree cut short is an error")
    boolean aTruncatedSubtreeIsAnError(
            @ForAll("containers") JsonNode value, @ForAll @IntRange(min = 1, max = 1000) int cut) throws IOException {
        byte[] json = ("{\"skip\":" + Fixtures.JSON.writeValueAsString(value)).getBytes(StandardCharsets.UTF_8);
        byte[] truncated = Arrays.copyOf(json, Math.max(9, json.length - 1 - cut % Math.max(1, json.length - 9)));
        try (JsonParser parser = SKIPPING.createParser(truncated)) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            parser.skipChildren();
            return false;
        } catch (JsonProcessingException e) {
            return true;
        }
    }

    static final JsonFactory JACKSON = JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(128)
                    .maxStringLength(8 << 20)
                    .maxNumberLength(100)
                    .build())
            .build();

    /** Bytes that matter to JSON's grammar, and a few that never may appear outside strings. */
    static final String STRAY = "0123456789-+.eE,:{}[]\"\\tfnrul ax\t\n\u0001";

    @Property(tries = 3000)
    @Label("a document broken by a stray byte is rejected by the skip exactly when Jackson rejects it")
    boolean aBrokenDocumentIsRejectedExactlyWhenJacksonRejectsIt(
            @ForAll("containers") JsonNode value,
            @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll @IntRange(min = 0, max = 2) int how,
            @ForAll @IntRange(min = 0, max = 100) int which,
            @ForAll @IntRange(min = 1, max = 23) int chunk)
            throws IOException {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.set("skip", value);
        StringBuilder text = new StringBuilder(Fixtures.JSON.writeValueAsString(document));
        int at = 1 + where % Math.max(1, text.length() - 2);
        char stray = STRAY.charAt(which % STRAY.length());
        switch (how) {
            case 0 -> text.insert(at, stray);
            case 1 -> text.setCharAt(at, stray);
            default -> text.deleteCharAt(at);
        }
        byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
        boolean jackson = readsWhole(JACKSON.createParser(json), false);
        net.jqwik.api.statistics.Statistics.label("still JSON").collect(jackson);
        return readsWhole(SKIPPING.createParser(json), true) == jackson
                && readsWhole(SKIPPING.createParser(new Trickle(json, chunk)), true) == jackson;
    }

    /** Reads a document to its end, skipping every subtree below the top level when asked; false when it is not JSON. */
    static boolean readsWhole(JsonParser parser, boolean skip) throws IOException {
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME) {
                    return false;
                }
                parser.nextToken();
                if (skip) {
                    parser.skipChildren();
                } else {
                    for (int depth = parser.currentToken().isStructStart() ? 1 : 0; depth > 0; ) {
                        JsonToken inner = parser.nextToken();
                        depth += inner.isStructStart() ? 1 : inner.isStructEnd() ? -1 : 0;
                    }
                }
            }
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static boolean landsOnMarker(JsonParser parser) throws IOException {
        try (parser) {
            return parser.nextToken() == JsonToken.START_OBJECT
                    && parser.nextToken() == JsonToken.FIELD_NAME
                    && parser.nextToken() != null
                    && parser.skipChildren() != null
                    && parser.nextToken() == JsonToken.FIELD_NAME
                    && "after".equals(parser.currentName())
                    && parser.nextToken() == JsonToken.VALUE_STRING
                    && "marker \" \\ é".equals(parser.getText())
                    && parser.nextToken() == JsonToken.END_OBJECT
                    && parser.nextToken() == null;
        }
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(containers(), leaves());
    }

    @Provide
    Arbitrary<JsonNode> containers() {
        return Arbitraries.recursive(this::leaves, this::container, 1, 5);
    }

    Arbitrary<JsonNode> container(Arbitrary<JsonNode> children) {
        Arbitrary<JsonNode> array = children.list().ofMaxSize(4).map(list -> {
            ArrayNode node = JsonNodeFactory.instance.arrayNode();
            node.addAll(list);
            return node;
        });
        Arbitrary<JsonNode> object = children.list().ofMaxSize(4).map(list -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < list.size(); i++) {
                node.set("k:{\"name\":\"x" + i + "\"}\\}]", list.get(i));
            }
            return node;
        });
        return Arbitraries.oneOf(array, object);
    }

    Arbitrary<JsonNode> leaves() {
        Arbitrary<String> tricky =
                Arbitraries.strings().withChars("ab\"\\{}[]\n\té/").ofMaxLength(12);
        // Long clean runs with the odd quote or backslash, at any offset and across buffer loads.
        Arbitrary<String> runs = Arbitraries.strings()
                .withChars("abcdefgh")
                .ofMaxLength(40)
                .list()
                .ofMaxSize(4)
                .map(parts -> String.join("\\\"", parts));
        return Arbitraries.oneOf(
                tricky.map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
                runs.map(s -> (JsonNode) JsonNodeFactory.instance.textNode(s)),
                Arbitraries.integers().map(i -> (JsonNode) JsonNodeFactory.instance.numberNode(i)),
                Arbitraries.doubles().map(d -> (JsonNode) JsonNodeFactory.instance.numberNode(d)),
                Arbitraries.of(List.of(
                        JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.booleanNode(false),
                        JsonNodeFactory.instance.nullNode())));
    }

    /** Hands out a byte array a few bytes per read, so that every buffer boundary gets crossed. */
    static final class Trickle extends FilterInputStream {
        private final int chunk;

        Trickle(byte[] bytes, int chunk) {
            super(new java.io.ByteArrayInputStream(bytes));
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }

        static InputStream of(byte[] bytes, int chunk) {
            return new Trickle(bytes, chunk);
        }
    }
}
