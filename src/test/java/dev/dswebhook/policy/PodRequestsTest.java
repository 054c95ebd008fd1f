package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A pod's requests as the scheduler counts them, from {@code fixtures/pod-requests.yaml}. */
@DisplayName("A pod's requests")
class PodRequestsTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : Fixtures.yaml("pod-requests.yaml")) {
            List<ContainerInput> containers = new ArrayList<>();
            for (JsonNode c : row.path("containers")) {
                containers.add(container(c, false));
            }
            for (JsonNode c : row.path("initContainers")) {
                containers.add(container(c, true));
            }
            out.add(Arguments.of(
                    row.path("name").asText(), containers, strings(row.path("overhead")), strings(row.path("expect"))));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachPodRequestsWhatTheSchedulerCounts(
            String name, List<ContainerInput> containers, Map<String, String> overhead, Map<String, String> expected) {
        Map<String, String> actual = new TreeMap<>();
        PodRequests.of(containers, overhead)
                .resources()
                .forEach((resource, amount) ->
                        actual.put(resource, amount.stripTrailingZeros().toPlainString()));
        Map<String, String> want = new TreeMap<>();
        expected.forEach((resource, amount) ->
                want.put(resource, new BigDecimal(amount).stripTrailingZeros().toPlainString()));
        assertEquals(want, actual);
    }

    private static ContainerInput container(JsonNode c, boolean init) {
        return new ContainerInput(
                init,
                c.path("restartPolicy").textValue(),
                List.of(),
                strings(c.path("requests")),
                strings(c.path("limits")));
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
