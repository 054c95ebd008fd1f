package dev.dswebhook.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The alerts of {@code k8s/components/monitoring/prometheusrule.yaml} under Prometheus' own
 * {@code promtool} (Debian's, which {@code .ci/run} installs): the rules check, and their unit tests
 * ({@code fixtures/alerts-test.yaml}) pass, and fail when a rule is broken.
 */
@DisplayName("The alert rules, under promtool")
class AlertRulesIT {

    private static Path dir;

    @BeforeAll
    static void writeRuleFiles() throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), "alerts-");
        writeRules(Fixtures.YAML.writeValueAsString(rules()));
        try (InputStream test = AlertRulesIT.class.getClassLoader().getResourceAsStream("fixtures/alerts-test.yaml")) {
            Files.write(dir.resolve("alerts-test.yaml"), test.readAllBytes());
        }
    }

    @Test
    @DisplayName("promtool check rules accepts every rule")
    void promtoolChecksTheRules() {
        Result check = promtool("check", "rules", "rules.yaml");
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS: 8 rules found"), check.output());
    }

    @Test
    @DisplayName("promtool test rules passes: every alert fires when broken, and none when healthy")
    void promtoolTestsTheRules() {
        Result test = promtool("test", "rules", "alerts-test.yaml");
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    @DisplayName("the unit tests fail when an alert's threshold is wrong")
    void theUnitTestsCatchAWrongThreshold() throws IOException {
        String rules = Fixtures.YAML.writeValueAsString(rules());
        String broken = rules.replace("> 0.25 *", "> 0.75 *");
        assertNotEquals(rules, broken);
        try {
            writeRules(broken);
            Result test = promtool("test", "rules", "alerts-test.yaml");
            assertNotEquals(0, test.exitCode(), test.output());
            assertTrue(test.output().contains("DaemonSetWebhookDenialsRising"), test.output());
        } finally {
            writeRules(rules);
        }
    }

    private static Object rules() {
        return Manifests.read(Path.of("k8s", "components", "monitoring", "prometheusrule.yaml"))
                .get(0)
                .path("spec");
    }

    private static void writeRules(String yaml) throws IOException {
        Files.writeString(dir.resolve("rules.yaml"), yaml);
    }

    private record Result(int exitCode, String output) {}

    private static Result promtool(String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not installed (apt-get install prometheus)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
