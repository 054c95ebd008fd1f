package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The check command over the sample manifests in {@code fixtures/manifests} (or another folder of
 * {@code fixtures/}), compared exactly with the golden standard output and error in
 * {@code fixtures/checks.yaml} (or in {@code fixtures/golden/} for the long ones).
 */
@DisplayName("check command, golden outputs")
class CheckGoldenTest {

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : Fixtures.yaml("checks.yaml")) {
            List<String> args = new ArrayList<>();
            row.path("args").forEach(a -> args.add(a.asText()));
            String expected = row.has("golden")
                    ? resource("fixtures/golden/" + row.path("golden").asText())
                    : row.path("output").asText();
            out.add(Arguments.of(
                    row.path("name").asText(),
                    row.path("dir").asText("manifests"),
                    args,
                    row.path("exit").asInt(),
                    expected,
                    row.path("stderr").asText("")));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theOutputIsExactlyTheGoldenOne(
            String name, String dir, List<String> args, int exit, String expected, String expectedStderr) {
        CheckRun run = CheckRun.in(CheckRun.manifests().resolveSibling(dir), args.toArray(String[]::new));
        assertEquals(expected, run.stdout(), "standard output");
        assertEquals(expectedStderr, run.stderr(), "standard error");
        assertEquals(exit, run.exitCode(), "the exit code");
    }

    private static String resource(String name) {
        try (InputStream in = CheckGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
