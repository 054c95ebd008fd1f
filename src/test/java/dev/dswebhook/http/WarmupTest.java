package dev.dswebhook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The warm-up before readiness, with a profile that turns it on, as production has it. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(WarmupTest.Profile.class)
@DisplayName("The warm-up before readiness")
class WarmupTest {

    /** Forty rounds: enough to see it run, few enough to keep the test start quick. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhook.warmup.rounds", "40");
        }
    }

    @Test
    @DisplayName("readiness waits for it, then says how many rounds it played and how long they took")
    void readinessReportsTheWarmUp() throws Exception {
        JsonNode warmUp = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> ready = Management.get("/q/health/ready");
            JsonNode body = Fixtures.JSON.readTree(ready.body());
            for (JsonNode check : body.path("checks")) {
                if ("warm-up".equals(check.path("name").asText())) {
                    warmUp = check;
                }
            }
            if (ready.statusCode() == 200) {
                break;
            }
            assertEquals("DOWN", warmUp.path("status").asText(), "only the warm-up keeps it down: " + body);
            Thread.sleep(20);
        }
        assertEquals("UP", warmUp.path("status").asText(), String.valueOf(warmUp));
        assertEquals(40, warmUp.at("/data/rounds").asInt());
        assertTrue(warmUp.at("/data/tookMillis").asLong() >= 0, String.valueOf(warmUp));
    }

    @Test
    @DisplayName("nothing it plays is logged or counted")
    void theWarmUpLeavesNoTrace() throws Exception {
        readinessReportsTheWarmUp();
        Path log = Path.of("target", "test-logs", "decisions.log");
        if (Files.exists(log)) {
            assertFalse(Files.readString(log).contains("warm-up"), "no decision line of the warm-up's reviews");
        }
        // Request counters appear with the first request counted; this test sends none.
        assertFalse(
                Management.metrics().lines().anyMatch(l -> l.startsWith("daemonset_webhook_requests_total{")),
                "no request of the warm-up's counted");
    }
}
