package dev.dswebhook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cluster-aware rules in the check command, where the files given are the cluster. */
@DisplayName("check, with the files as the cluster")
class CheckClusterTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.dswebhook.fixtures.ClusterCases#all")
    void eachCaseFindsWhatTheWebhookFinds(ClusterCase c) throws IOException {
        write("cluster.yaml", c.seen());
        write("daemonset.yaml", List.of(c.daemonSet()));
        List<String> args = new ArrayList<>(List.of("--output", "json", "cluster.yaml", "daemonset.yaml"));
        if (c.old() != null) {
            write("old.yaml", List.of(c.old()));
            args.addAll(List.of("--old", "old.yaml"));
        }
        CheckRun run = CheckRun.in(dir, args.toArray(String[]::new));
        JsonNode report = Fixtures.JSON.readTree(run.stdout());
        JsonNode judged = null;
        for (JsonNode daemonSet : report.path("daemonSets")) {
            if (daemonSet.path("file").asText().equals("daemonset.yaml")) {
                judged = daemonSet;
            }
        }
        assertTrue(judged != null, run.stdout());
        List<Case.ExpectedViolation> denied = new ArrayList<>();
        List<Case.ExpectedViolation> warned = new ArrayList<>();
        for (JsonNode v : judged.path("violations")) {
            (v.path("enforcement").asText().equals("deny") ? denied : warned)
                    .add(new Case.ExpectedViolation(
                            v.path("rule").asText(), v.path("message").asText()));
        }
        assertEquals(c.denied(), denied, run.stdout());
        assertEquals(c.warned(), warned, run.stdout());
        assertEquals(
                c.denied().isEmpty() ? (c.warned().isEmpty() ? "passed" : "warned") : "failed",
                judged.path("verdict").asText());
        assertEquals(
                c.old() == null ? "CREATE" : "UPDATE", judged.path("operation").asText());
    }

    @Test
    @DisplayName("an object without a namespace joins the one --namespace names, else default")
    void theNamespaceFlagPlacesObjectsWithoutOne() throws IOException {
        ClusterCase c = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        ObjectNode daemonSet = c.daemonSet().deepCopy();
        ((ObjectNode) daemonSet.path("metadata")).remove("namespace");
        write("cluster.yaml", c.seen());
        write("daemonset.yaml", List.of(daemonSet));
        CheckRun unplaced = CheckRun.in(dir, "cluster.yaml", "daemonset.yaml");
        assertEquals(1, unplaced.exitCode(), unplaced.stdout());
        assertTrue(
                unplaced.stdout().contains("DaemonSet \"monitoring/node-exporter\""),
                "judged in default, it names the other's namespace: " + unplaced.stdout());
        CheckRun placed = CheckRun.in(dir, "--namespace", "monitoring", "cluster.yaml", "daemonset.yaml");
        assertEquals(0, placed.exitCode(), "in monitoring, it is that very DaemonSet: " + placed.stdout());
    }

    @Test
    @DisplayName("a DaemonSet without a namespace and the same one in default are one object, named with it")
    void anObjectWithoutANamespaceIsInDefault() throws IOException {
        ObjectNode placed = ClusterCases.manifest(Fixtures.yamlValue(
                "{name: agent, namespace: default, ports: [{containerPort: 9100, hostPort: 9100}]}"));
        ObjectNode unplaced = placed.deepCopy();
        ((ObjectNode) unplaced.path("metadata")).remove("namespace");
        ObjectNode other = ClusterCases.manifest(Fixtures.yamlValue(
                "{name: exporter, namespace: monitoring, ports: [{containerPort: 9100, hostPort: 9100}]}"));
        write("a.yaml", List.of(unplaced));
        write("b.yaml", List.of(placed, other));
        CheckRun run = CheckRun.in(dir, "a.yaml", "b.yaml");
        assertTrue(
                run.stdout().contains("a.yaml:20:11: warning: default/agent: ")
                        && run.stdout().contains("taken by DaemonSet \"monitoring/exporter\""),
                "the copy without a namespace is judged, and reported, in default: " + run.stdout());
        assertTrue(
                !run.stdout().contains("DaemonSet \"/agent\"") && !run.stdout().contains("DaemonSet \"agent\""),
                "neither copy conflicts with the other: " + run.stdout());
        assertTrue(
                run.stdout().contains("taken by DaemonSet \"default/agent\""),
                "the exporter names it in default: " + run.stdout());
    }

    @Test
    @DisplayName("a DaemonSet the API server would refuse is nobody's neighbour")
    void aRefusedDaemonSetConflictsWithNothing() throws IOException {
        ObjectNode refused = ClusterCases.manifest(
                Fixtures.yamlValue("{name: broken, namespace: apps, ports: [{containerPort: 9100, hostPort: 9100}]}"));
        ((ObjectNode) refused.path("spec")).remove("selector");
        ObjectNode good = ClusterCases.manifest(Fixtures.yamlValue(
                "{name: exporter, namespace: apps, ports: [{containerPort: 9100, hostPort: 9100}]}"));
        write("daemonsets.yaml", List.of(refused, good));
        CheckRun run = CheckRun.in(dir, "--output", "json", "daemonsets.yaml");
        JsonNode report = Fixtures.JSON.readTree(run.stdout());
        for (JsonNode daemonSet : report.path("daemonSets")) {
            if (daemonSet.path("name").asText().equals("exporter")) {
                assertEquals(0, daemonSet.path("violations").size(), run.stdout());
            } else {
                assertTrue(
                        daemonSet
                                        .path("violations")
                                        .get(0)
                                        .path("rule")
                                        .asText()
                                        .equals("empty-selector")
                                || daemonSet.path("violations").toString().contains("spec.selector"),
                        "the refused one is still judged on its own: " + run.stdout());
            }
        }
    }

    @Test
    @DisplayName("without Nodes in the files, a conflict only warns, and says the Nodes are not known")
    void withoutNodesAConflictOnlyWarns() throws IOException {
        ClusterCase c = ClusterCases.named(
                "a host port another DaemonSet takes in another namespace is denied, naming the Node");
        List<ObjectNode> noNodes = c.seen().stream()
                .filter(o -> !o.path("kind").asText().equals("Node"))
                .toList();
        write("cluster.yaml", noNodes);
        write("daemonset.yaml", List.of(c.daemonSet()));
        CheckRun run = CheckRun.in(dir, "cluster.yaml", "daemonset.yaml");
        assertEquals(0, run.exitCode(), run.stdout());
        assertTrue(
                run.stdout()
                        .contains("warning: apps/node-exporter: spec.template.spec.containers[0].ports[0].hostPort:"
                                + " Invalid value: 9100: host port 9100/TCP is also taken by DaemonSet \"monitoring/node-exporter\","
                                + " which can run on the same Nodes if a Node runs both (the Nodes are not known); on a Node that"
                                + " runs both, one of the two pods can never be scheduled [host-port-conflict]"),
                run.stdout());
    }

    @Test
    @DisplayName("a Deployment that does not bind to its model is an input error, not a silent gap")
    void anUnreadableNeighbourIsAnInputError() throws IOException {
        Files.writeString(
                dir.resolve("broken.yaml"),
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec: {replicas: [1]}\n");
        CheckRun run = CheckRun.in(dir, "broken.yaml");
        assertEquals(2, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("cannot read this Deployment for the cluster-aware rules"), run.stderr());
    }

    @Test
    @DisplayName("--family-label changes the label that names a daemon, and must be a label key")
    void theFamilyLabelFlag() throws IOException {
        ClusterCase c = ClusterCases.named(
                "two DaemonSets of one daemon on overlapping Nodes warn, naming the other and a Node");
        write("cluster.yaml", c.cluster());
        write("daemonset.yaml", List.of(c.daemonSet()));
        assertTrue(CheckRun.in(dir, "cluster.yaml", "daemonset.yaml").stdout().contains("runs the same daemon"));
        assertTrue(!CheckRun.in(dir, "--family-label", "app", "cluster.yaml", "daemonset.yaml")
                .stdout()
                .contains("runs the same daemon"));
        CheckRun bad = CheckRun.in(dir, "--family-label", "not a key", "daemonset.yaml");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--family-label"), bad.stderr());
    }

    private void write(String name, List<? extends JsonNode> objects) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode object : objects) {
            text.append("---\n").append(Fixtures.YAML.writeValueAsString(object).replaceFirst("^---\n", ""));
        }
        Files.writeString(dir.resolve(name), text.toString());
    }
}
