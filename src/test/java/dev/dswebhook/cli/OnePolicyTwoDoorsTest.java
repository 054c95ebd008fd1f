package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One policy, two doors: every shared admission case that needs no review envelope, written to a
 * YAML file and checked by the command, gets exactly the webhook's violations, in the same order,
 * the webhook's verdict as the exit code, and the webhook's default.
 *
 * <p>Malformed objects are included: YAML carries a number or a list where a string or a map
 * belongs just as JSON does. Left out are the cases only a review can pose: other kinds and
 * groups, DELETE and CONNECT, subresources, and a review without its object.
 */
@DisplayName("One policy, two doors: the check command agrees with the webhook")
class OnePolicyTwoDoorsTest {

    @TempDir
    Path dir;

    static Stream<Case> manifestCases() {
        return Cases.all().stream().filter(OnePolicyTwoDoorsTest::makesSenseAsAManifest);
    }

    private static boolean makesSenseAsAManifest(Case c) {
        JsonNode kind = c.kind();
        boolean appsV1DaemonSet = kind.path("group").asText().equals("apps")
                && kind.path("version").asText().equals("v1")
                && kind.path("kind").asText().equals("DaemonSet");
        boolean objectIsOne = c.object() != null
                && c.object().isObject()
                && c.object().path("apiVersion").asText().equals("apps/v1")
                && c.object().path("kind").asText().equals("DaemonSet");
        boolean operation = c.operation().equals("CREATE") || (c.operation().equals("UPDATE") && c.oldObject() != null);
        return appsV1DaemonSet && objectIsOne && operation && c.subResource().isEmpty();
    }

    @ParameterizedTest(name = "{0}: the check reports exactly the webhook''s violations and verdict")
    @MethodSource("manifestCases")
    void theCheckReportsExactlyTheWebhooksViolationsAndVerdict(Case c) throws IOException {
        List<String> args = new ArrayList<>(List.of("--output", "json"));
        if (c.operation().equals("UPDATE")) {
            Files.writeString(dir.resolve("old.yaml"), Fixtures.YAML.writeValueAsString(c.oldObject()));
            args.addAll(List.of("--old", "old.yaml"));
        }
        Files.writeString(dir.resolve("object.yaml"), Fixtures.YAML.writeValueAsString(c.object()));
        args.add("object.yaml");

        CheckRun run = CheckRun.in(dir, args.toArray(String[]::new));
        JsonNode report = Fixtures.JSON.readTree(run.stdout());
        JsonNode daemonSet = report.path("daemonSets").path(0);
        List<Case.ExpectedViolation> reported = new ArrayList<>();
        for (JsonNode v : daemonSet.path("violations")) {
            reported.add(new Case.ExpectedViolation(
                    v.path("rule").asText(), v.path("message").asText()));
        }
        assertEquals(1, report.path("summary").path("judged").asInt(), run.stdout());
        assertEquals(c.expect().violations(), reported);
        assertEquals(c.expect().allowed() ? 0 : 1, run.exitCode(), "exit code 1 exactly when the webhook denies");
        assertEquals(c.operation(), daemonSet.path("operation").asText());
        assertEquals(
                c.expect().defaulted(),
                daemonSet.path("defaults").size() == 1,
                "defaulted exactly when the webhook patches");
    }
}
