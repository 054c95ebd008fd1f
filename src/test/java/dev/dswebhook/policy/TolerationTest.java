package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dswebhook.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tolerations against taints, and the DaemonSet controller's own tolerations, from {@code fixtures/tolerations.yaml}. */
@DisplayName("Tolerations and taints")
class TolerationTest {

    static Stream<Arguments> tolerates() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : Fixtures.yaml("tolerations.yaml").path("tolerates")) {
            JsonNode t = row.path("toleration");
            out.add(Arguments.of(
                    row.path("name").asText(),
                    new Toleration(
                            t.path("key").textValue(),
                            t.path("operator").textValue(),
                            t.path("value").textValue(),
                            t.path("effect").textValue()),
                    taint(row.path("taint")),
                    row.path("tolerates").asBoolean()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerates")
    void aTolerationToleratesAsKubernetesDecides(String name, Toleration toleration, Taint taint, boolean expected) {
        assertEquals(expected, toleration.tolerates(taint));
    }

    static Stream<Arguments> daemonRunsOn() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode row : Fixtures.yaml("tolerations.yaml").path("daemonRunsOn")) {
            out.add(Arguments.of(
                    row.path("name").asText(),
                    taint(row.path("taint")),
                    row.path("hostNetwork").asBoolean(false),
                    row.path("runs").asBoolean()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("daemonRunsOn")
    void aDaemonSetCarriesTheControllersOwnTolerations(String name, Taint taint, boolean hostNetwork, boolean runs) {
        Placement daemon = new Placement(NodeTargeting.EVERY_NODE, List.of(), true, hostNetwork);
        ClusterView.Node node = new ClusterView.Node("worker-1", Map.of(), List.of(taint), false, Map.of());
        assertEquals(runs, daemon.runsOn(node), "a DaemonSet's pod");
        Placement workload = new Placement(NodeTargeting.EVERY_NODE, List.of(), false, hostNetwork);
        assertEquals(!taint.repels(), workload.runsOn(node), "a Deployment's pod, which gets none of them");
    }

    private static Taint taint(JsonNode t) {
        return new Taint(
                t.path("key").textValue(),
                t.path("value").textValue(),
                t.path("effect").textValue());
    }
}
