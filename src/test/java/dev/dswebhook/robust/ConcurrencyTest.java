package dev.dswebhook.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Client;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.http.WebhookRoutes;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Many clients at once, allowed and denied reviews interleaved: no answer is crossed or lost. */
@QuarkusTest
@Tag("quarkus")
@DisplayName("Concurrency")
class ConcurrencyTest {

    static final int THREADS = 16;
    static final int PER_THREAD = 150;
    static final Case ALLOWED = Cases.named("an explicit Always is allowed and left alone");
    static final Case DENIED = Cases.named("every violation is reported at once, each at its field");

    @Test
    @DisplayName("every reply carries its own request's uid and verdict, and none is dropped")
    void everyReplyMatchesItsOwnRequest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger answered = new AtomicInteger();
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            // Half the clients use their own connection pool, half share none: connections are reused and opened.
            results.add(pool.submit(() -> {
                Client client = new Client(HttpClient.Version.HTTP_1_1);
                List<String> mismatches = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                    boolean deny = (thread + i) % 2 == 0;
                    String uid = "t" + thread + "-r" + i;
                    Case c = deny ? DENIED : ALLOWED;
                    String version = i % 3 == 0 ? "admission.k8s.io/v1beta1" : "admission.k8s.io/v1";
                    HttpResponse<byte[]> response = client.post(
                            WebhookRoutes.VALIDATE_PATH, Fixtures.JSON.writeValueAsBytes(c.review(version, uid)));
                    JsonNode reply = Fixtures.JSON.readTree(response.body());
                    answered.incrementAndGet();
                    if (response.statusCode() != 200
                            || !uid.equals(reply.at("/response/uid").asText())
                            || !version.equals(reply.path("apiVersion").asText())
                            || reply.at("/response/allowed").asBoolean() == deny) {
                        mismatches.add(uid + " -> " + response.statusCode() + " " + reply);
                    }
                }
                return mismatches;
            }));
        }
        List<String> mismatches = new ArrayList<>();
        for (Future<List<String>> result : results) {
            mismatches.addAll(result.get());
        }
        pool.shutdown();
        assertEquals(List.of(), mismatches);
        assertEquals(THREADS * PER_THREAD, answered.get(), "nothing was dropped");
    }
}
