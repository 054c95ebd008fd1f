package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each rule is declared once, as a {@link Rule} constant: the places derived from it must agree
 * with it, and forgetting one must fail here, not in a user's cluster.
 */
@DisplayName("The rules, declared once")
class RulesTest {

    @Test
    @DisplayName("every rule that sees the cluster has exactly one judge, and no other rule has one")
    void everyClusterRuleIsJudgedOnce() {
        new DaemonSetPolicy(); // would throw if the policy's cluster rules and the constants disagreed
        List<ClusterRule> missing = List.of(new SelectorOverlap(), new HostPortConflict());
        assertTrue(assertThrows(IllegalStateException.class, () -> DaemonSetPolicy.requireOneJudgeEach(missing))
                .getMessage()
                .startsWith("daemon-family-overlap is a CLUSTER rule judged by 0"));
        List<ClusterRule> twice = List.of(
                new SelectorOverlap(), new HostPortConflict(), new HostPortConflict(), new DaemonFamilyOverlap("a"));
        assertThrows(IllegalStateException.class, () -> DaemonSetPolicy.requireOneJudgeEach(twice));
    }

    @Test
    @DisplayName("every rule is reported by at least one fixture case, so a rule declared and never judged fails")
    void everyRuleIsReportedBySomeCase() throws IOException {
        java.util.Set<String> reported = new java.util.TreeSet<>();
        for (dev.dswebhook.fixtures.Case c : dev.dswebhook.fixtures.Cases.all()) {
            c.expect().violations().forEach(v -> reported.add(v.rule()));
        }
        for (dev.dswebhook.fixtures.ClusterCase c : dev.dswebhook.fixtures.ClusterCases.all()) {
            c.denied().forEach(v -> reported.add(v.rule()));
            c.warned().forEach(v -> reported.add(v.rule()));
        }
        // The rules of the manifest as written are the check command's alone: its golden runs.
        Matcher tag = Pattern.compile("\\[([a-z-]+)]$", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("src/test/resources/fixtures/checks.yaml")));
        while (tag.find()) {
            reported.add(tag.group(1));
        }
        for (Rule rule : Rule.values()) {
            assertTrue(reported.contains(rule.id()), rule.id() + " is reported by no case; reported: " + reported);
        }
    }

    @Test
    @DisplayName("only the rules that see the cluster are inherited by an update")
    void onlyClusterRulesAreInherited() {
        for (Rule rule : Rule.values()) {
            assertEquals(rule.scope() == Rule.Scope.CLUSTER, rule.seesTheCluster(), rule.id());
        }
    }

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| ([^|]*)\\|");

    @Test
    @DisplayName("the README's rule tables list every rule, and the cluster rules with their default")
    void theReadmeListsEveryRule() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> listed = new ArrayList<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            String id = row.group(1);
            Rule.byId(id).ifPresent(rule -> {
                listed.add(id);
                if (rule.seesTheCluster()) {
                    assertEquals(
                            rule.defaultMode().name().toLowerCase(Locale.ROOT),
                            row.group(2).trim(),
                            "the README's default for " + id);
                }
            });
        }
        for (Rule rule : Rule.values()) {
            assertTrue(listed.contains(rule.id()), "the README has a table row for " + rule.id());
        }
    }

    @Test
    @DisplayName("the README's table of skipped rules says, for each watched kind, the rules that read it")
    void theReadmeSaysWhichRulesEachKindSkips() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("<!-- rule-reads:"));
        table = table.substring(0, table.indexOf("\n\n"));
        java.util.Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (String line : table.lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length == 3 && !cells[1].isBlank() && !cells[1].contains("---") && !cells[1].contains("Kinds")) {
                rows.put(cells[1].trim(), cells[2].trim());
            }
        }
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (ClusterKind.Role role : ClusterKind.Role.values()) {
            List<String> kinds = ClusterKind.watched().stream()
                    .filter(k -> k.role() == role)
                    .map(ClusterKind::plural)
                    .toList();
            if (kinds.isEmpty()) {
                continue; // pods are listed when needed, never cached
            }
            List<String> rules = java.util.Arrays.stream(Rule.values())
                    .filter(r -> r.reads().contains(role))
                    .map(r -> "`" + r.id() + "`")
                    .toList();
            expected.put(String.join(", ", kinds), String.join(", ", rules));
        }
        assertEquals(expected, rows);
    }
}
