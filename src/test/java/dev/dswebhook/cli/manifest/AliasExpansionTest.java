package dev.dswebhook.cli.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The check's expansion of YAML anchors, aliases and merge keys, held to SnakeYAML's own loader,
 * which applies them as YAML 1.1 defines them (and as kubectl's YAML reader does): every case of
 * {@code fixtures/yaml-aliases.yaml} and the alias samples must read as the same tree.
 */
@DisplayName("YAML aliases and merge keys")
class AliasExpansionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> documents() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : List.of("yaml-aliases.yaml", "inputs/aliases.yaml", "inputs/merge-keys.yaml")) {
            String text = resource("fixtures/" + file);
            List<JsonNode> expected = snakeYaml(text);
            List<JsonNode> actual = expanded(text);
            assertEquals(expected.size(), actual.size(), file + ": the number of documents");
            for (int i = 0; i < expected.size(); i++) {
                String name = expected.get(i).path("case").asText(file + " document " + i);
                out.add(Arguments.of(name, expected.get(i), actual.get(i)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void readsAsSnakeYamlLoadsIt(String name, JsonNode expected, JsonNode actual) {
        assertEquals(expected, actual);
    }

    @Test
    @DisplayName("aliases that expand past the cap are refused at the alias, before memory runs out")
    void anAliasBombIsRefused() throws IOException {
        String bomb = resource("fixtures/inputs/alias-bomb.yaml");
        UnsupportedYamlException e = assertThrows(UnsupportedYamlException.class, () -> expanded(bomb));
        assertTrue(e.getOriginalMessage().contains("expand to more than 1000000 values"), e.getMessage());
        assertEquals(8, e.getLocation().getLineNr(), "the line of the alias that crossed the cap");
    }

    @Test
    @DisplayName("the cap counts expanded values, so a small cap stops a small expansion")
    void theCapIsExact() throws IOException {
        String text = "a: &a [1, 2, 3]\nb: *a\n";
        assertEquals(
                JSON.readTree("{\"a\":[1,2,3],\"b\":[1,2,3]}"), readAll(text, 5).get(0));
        assertThrows(UnsupportedYamlException.class, () -> readAll(text, 4));
    }

    @Test
    @DisplayName("a replayed value is located at its alias, and says it is replayed")
    void replayedTokensAreAtTheAlias() throws IOException {
        try (AliasExpandingParser parser = parser("a: &x {k: v}\nb: *x\n", 1000)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_STRING) {
                    boolean second = parser.currentTokenLocation().getLineNr() == 2;
                    assertEquals(second, parser.replaying());
                    if (second) {
                        assertEquals(4, parser.currentTokenLocation().getColumnNr());
                    }
                }
            }
        }
    }

    private static List<JsonNode> snakeYaml(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            out.add(JSON.valueToTree(document));
        }
        return out;
    }

    private static List<JsonNode> expanded(String text) throws IOException {
        return readAll(text, AliasExpandingParser.MAX_EXPANDED_TOKENS);
    }

    private static List<JsonNode> readAll(String text, int cap) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (JsonParser parser = parser(text, cap)) {
            while (parser.nextToken() != null) {
                out.add(JSON.readTree(parser));
            }
        }
        return out;
    }

    private static AliasExpandingParser parser(String text, int cap) throws IOException {
        return new AliasExpandingParser(
                (AnchoredYamlParser) SourceFormat.YAML.factory().createParser(text), cap);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AliasExpansionTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
