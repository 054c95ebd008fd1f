package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Corpus;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} over the real-install corpus: each project's set, with the Nodes of a mixed
 * cluster, must get exactly the findings recorded for it, and none that deny.
 */
@DisplayName("check over real installs")
class CorpusTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.Corpus#all")
    void eachSetGetsExactlyItsRecordedFindings(Corpus.Set set) throws IOException {
        Map<String, Corpus.Expected> found = findings(dir, set);
        assertEquals(set.expect(), found, "check over " + set.file() + " found:\n" + yaml(found));
    }

    /** What {@code check} finds for each DaemonSet of a set installed on the corpus' Nodes, by namespace/name. */
    static Map<String, Corpus.Expected> findings(Path dir, Corpus.Set set) throws IOException {
        write(dir.resolve("nodes.yaml"), Corpus.nodes());
        write(dir.resolve("set.yaml"), set.objects());
        CheckRun run = CheckRun.in(dir, "--output", "json", "nodes.yaml", "set.yaml");
        Map<String, Corpus.Expected> found = new LinkedHashMap<>();
        for (JsonNode daemonSet : Fixtures.JSON.readTree(run.stdout()).path("daemonSets")) {
            List<Case.ExpectedViolation> denied = new ArrayList<>();
            List<Case.ExpectedViolation> warned = new ArrayList<>();
            for (JsonNode v : daemonSet.path("violations")) {
                (v.path("enforcement").asText().equals("deny") ? denied : warned)
                        .add(new Case.ExpectedViolation(
                                v.path("rule").asText(), v.path("message").asText()));
            }
            if (!denied.isEmpty() || !warned.isEmpty()) {
                found.put(
                        daemonSet.path("namespace").asText() + "/"
                                + daemonSet.path("name").asText(),
                        new Corpus.Expected(denied, warned));
            }
        }
        return found;
    }

    private static void write(Path file, List<ObjectNode> objects) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ObjectNode object : objects) {
            text.append("---\n").append(Fixtures.YAML.writeValueAsString(object).replaceFirst("^---\n", ""));
        }
        Files.writeString(file, text.toString());
    }

    /** The findings as the set file's {@code expect:} block would read. */
    private static String yaml(Map<String, Corpus.Expected> found) {
        StringBuilder out = new StringBuilder("expect:\n");
        found.forEach((name, expected) -> {
            out.append("  ").append(name).append(":\n");
            for (var entry : Map.of("denied", expected.denied(), "warned", expected.warned())
                    .entrySet()) {
                if (!entry.getValue().isEmpty()) {
                    out.append("    ").append(entry.getKey()).append(":\n");
                    for (Case.ExpectedViolation v : entry.getValue()) {
                        out.append("      - {rule: ")
                                .append(v.rule())
                                .append(", message: '")
                                .append(v.message().replace("'", "''"))
                                .append("'}\n");
                    }
                }
            }
        });
        return out.toString();
    }
}
