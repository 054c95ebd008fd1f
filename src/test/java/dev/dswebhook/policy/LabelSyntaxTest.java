package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Label syntax")
class LabelSyntaxTest {

    private static final JsonNode TABLE = Fixtures.yaml("label-syntax.yaml");
    private static final Pattern REPEAT = Pattern.compile("\\$\\{(.)\\*(\\d+)}");

    static Stream<Arguments> keys() {
        return rows("keys");
    }

    static Stream<Arguments> values() {
        return rows("values");
    }

    @ParameterizedTest(name = "the key \"{0}\" gets exactly the API server''s errors")
    @MethodSource("keys")
    void aKeyGetsExactlyTheApiServersErrors(String shown, String key, List<String> expected) {
        assertEquals(expected, LabelSyntax.keyErrors(key));
        assertEquals(expected.isEmpty(), LabelSyntax.isValidKey(key));
    }

    @ParameterizedTest(name = "the value \"{0}\" gets exactly the API server''s errors")
    @MethodSource("values")
    void aValueGetsExactlyTheApiServersErrors(String shown, String value, List<String> expected) {
        assertEquals(expected, LabelSyntax.valueErrors(value));
        assertEquals(expected.isEmpty(), LabelSyntax.isValidValue(value));
    }

    private static Stream<Arguments> rows(String section) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : TABLE.path(section)) {
            String shown = row.path("text").asText();
            List<String> errors = new ArrayList<>();
            for (JsonNode error : row.path("errors")) {
                errors.add(expandMessage(error.asText()));
            }
            out.add(Arguments.of(shown, expand(shown), errors));
        }
        return out.stream();
    }

    private static String expand(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        return m.appendTail(out).toString();
    }

    private static String expandMessage(String message) {
        String out = message;
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>)
                () -> TABLE.path("messages").fields()) {
            out = out.replace("&" + entry.getKey(), entry.getValue().asText());
        }
        return out;
    }
}
