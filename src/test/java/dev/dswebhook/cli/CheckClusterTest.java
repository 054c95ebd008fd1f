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
        write("cluster.yaml", c.cluster());
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
    @DisplayName("an object without a namespace joins the one --namespace names")
    void theNamespaceFlagPlacesObjectsWithoutOne() throws IOException {
        ClusterCase c =
                ClusterCases.named("a DaemonSet selecting the pods of a Deployment is denied, naming the Deployment");
        ObjectNode daemonSet = c.daemonSet().deepCopy();
        ((ObjectNode) daemonSet.path("metadata")).remove("namespace");
        write("cluster.yaml", c.cluster());
        write("daemonset.yaml", List.of(daemonSet));
        assertEquals(0, CheckRun.in(dir, "cluster.yaml", "daemonset.yaml").exitCode(), "no namespace: its own");
        CheckRun placed = CheckRun.in(dir, "--namespace", "apps", "cluster.yaml", "daemonset.yaml");
        assertEquals(1, placed.exitCode(), placed.stdout());
        assertTrue(placed.stdout().contains("selects the pods of Deployment \"web\""), placed.stdout());
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
