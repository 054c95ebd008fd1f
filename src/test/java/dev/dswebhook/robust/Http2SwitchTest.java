package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Client;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ReplyAssertions;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** HTTP/2 is a switch, off by default; with it on, reviews over h2 get the same answers. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(Http2SwitchTest.Enabled.class)
@DisplayName("HTTP/2, switched on")
class Http2SwitchTest {

    static final Case FLUENTD =
            Cases.named("the fluentd example, which sets no restartPolicy, is allowed and defaulted to Always");

    /** quarkus.http.http2=true. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.http2", "true");
        }
    }

    @Test
    @DisplayName("a client that offers h2 gets h2, and the same answers")
    void aClientOfferingH2GetsH2() throws Exception {
        Client client = new Client(HttpClient.Version.HTTP_2);
        for (int i = 0; i < 20; i++) {
            ObjectNode review = FLUENTD.review("admission.k8s.io/v1", "h2-" + i);
            HttpResponse<byte[]> response =
                    client.post(WebhookRoutes.MUTATE_PATH, Fixtures.JSON.writeValueAsBytes(review));
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            ReplyAssertions.assertMutateReply(FLUENTD, review, Fixtures.JSON.readTree(response.body()));
        }
    }
}
