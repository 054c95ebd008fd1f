package dev.dswebhook.deploy;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.ImageRuntime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged server refuses to start on a bad setting, and says which key is wrong. */
@DisplayName("A bad setting stops the packaged server at startup")
class StartupConfigIT {

    @ParameterizedTest(name = "{0}={1} stops startup naming {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "webhook.enforcement.mode|block|webhook.enforcement.mode",
                "webhook.enforcement.warn-rules|selector-mismatches|webhook.enforcement.warn-rules",
                "webhook.enforcement.enforce-rules|restart_policy|webhook.enforcement.enforce-rules",
                "webhook.tls.client-auth|required|webhook.tls.client-auth",
                "webhook.tls.client-auth|sometimes|webhook.tls.client-auth",
                "quarkus.tls.webhook.reload-period|10s|quarkus.tls.webhook.reload-period",
                "webhook.json.max-nesting-depth|0|webhook.json.max-nesting-depth",
                "webhook.rules.family-label|not a label|webhook.rules.family-label",
                "quarkus.tls.webhook.key-store.pem.0.cert|certs/missing.crt|webhook",
            })
    void aBadSettingStopsStartupNamingTheKey(String key, String value, String named) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ImageRuntime.java().toString(),
                "-D" + key + "=" + value,
                // Another port, so a server that did start would not clash with the one under test.
                "-Dquarkus.http.ssl-port=18443",
                "-Dquarkus.management.port=19000",
                "-Dwebhook.cluster.enabled=false",
                "-jar",
                "target/quarkus-app/quarkus-run.jar"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(exited, "the server kept running with " + key + "=" + value + ":\n" + output);
        assertNotEquals(0, process.exitValue());
        assertTrue(output.contains(named), "the output names " + named + ":\n" + tail(output));
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
