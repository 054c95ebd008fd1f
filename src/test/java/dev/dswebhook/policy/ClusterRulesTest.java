package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.ClusterCase;
import dev.dswebhook.fixtures.ClusterCases;
import dev.dswebhook.fixtures.FixedCluster;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cluster-aware rules alone, over the cluster cases, with the cluster as fabric8 binds it. */
@DisplayName("The cluster-aware rules")
class ClusterRulesTest {

    private final DaemonSetPolicy policy = new DaemonSetPolicy();

    static Stream<ClusterCase> cases() {
        return ClusterCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseDeniesAndWarnsExactlyAsExpected(ClusterCase c) {
        ClusterView cluster = FixedCluster.of(c);
        DaemonSetInput object = input(c.daemonSet());
        DaemonSetInput old = c.old() == null ? null : input(c.old());
        Judgement judgement = policy.judge(object, old, cluster);
        List<Case.ExpectedViolation> denied = new ArrayList<>();
        List<Case.ExpectedViolation> warned = new ArrayList<>();
        for (Violation v : judgement.violations()) {
            boolean denies = judgement.modeFor(v, Enforcement.DEFAULTS) == EnforcementMode.ENFORCE;
            (denies ? denied : warned).add(new Case.ExpectedViolation(v.rule().id(), v.message()));
        }
        assertEquals(c.denied(), denied, "denied");
        assertEquals(c.warned(), warned, "warned");
        assertEquals(
                c.inherited(), judgement.violations().stream().anyMatch(judgement.inherited()::covers), "inherited");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBlindViewSkipsTheClusterAwareRules(ClusterCase c) {
        DaemonSetInput object = input(c.daemonSet());
        DaemonSetInput old = c.old() == null ? null : input(c.old());
        assertEquals(
                List.of(),
                policy.judge(object, old, ClusterView.blind("Nodes not listed yet"))
                        .violations(),
                "the object's own rules find nothing in these cases, and the others are skipped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("requests-fit judges alike after DaemonSets come and go as with nothing remembered")
    void requestsFitAfterDaemonSetsComeAndGo(ClusterCase c) {
        FixedCluster cluster = FixedCluster.of(c);
        DaemonSetInput object = input(c.daemonSet());
        List<Violation> fresh = new RequestsFit().check(object, cluster);
        List<DaemonSetInput> all = cluster.daemonSets();
        // One rule remembers the loads of every list before: from none, to all but the first, to all.
        RequestsFit remembering = new RequestsFit();
        List<List<DaemonSetInput>> steps = List.of(List.of(), all.isEmpty() ? all : all.subList(1, all.size()), all);
        for (List<DaemonSetInput> daemonSets : steps) {
            remembering.check(object, new DaemonSetsOf(cluster, List.copyOf(daemonSets)));
        }
        assertEquals(fresh, remembering.check(object, new DaemonSetsOf(cluster, List.copyOf(all))), "after adding");
        List<DaemonSetInput> more = new ArrayList<>(all);
        more.add(object);
        remembering.check(object, new DaemonSetsOf(cluster, more));
        assertEquals(fresh, remembering.check(object, new DaemonSetsOf(cluster, List.copyOf(all))), "after removing");
    }

    /** A view with other DaemonSets and the same Nodes, in the same list, as an informer's caches after a write. */
    private record DaemonSetsOf(ClusterView cluster, List<DaemonSetInput> daemonSets) implements ClusterView {

        @Override
        public List<Workload> workloads(String namespace) {
            return cluster.workloads(namespace);
        }

        @Override
        public List<Workload> workloadsWithHostPorts() {
            return cluster.workloadsWithHostPorts();
        }

        @Override
        public java.util.Optional<List<Node>> nodes() {
            return cluster.nodes();
        }

        @Override
        public List<PriorityClass> priorityClasses() {
            return cluster.priorityClasses();
        }

        @Override
        public Pods pods(String namespace, io.fabric8.kubernetes.api.model.LabelSelector selector) {
            return cluster.pods(namespace, selector);
        }

        @Override
        public Map<ClusterKind.Role, String> untrusted() {
            return cluster.untrusted();
        }
    }

    @Test
    @DisplayName("the family label can be another one")
    void theFamilyLabelIsConfigurable() {
        ClusterCase c = ClusterCases.named(
                "two DaemonSets of one daemon on overlapping Nodes warn, naming the other and a Node");
        DaemonSetPolicy byApp = new DaemonSetPolicy(new PolicySettings("app"));
        assertEquals(
                List.of(),
                byApp.judge(input(c.daemonSet()), null, FixedCluster.of(c)).violations(),
                "app differs between the two");
        DaemonSetPolicy byName = new DaemonSetPolicy(new PolicySettings("app.kubernetes.io/name"));
        assertEquals(
                1,
                byName.judge(input(c.daemonSet()), null, FixedCluster.of(c))
                        .violations()
                        .size());
    }

    @Test
    @DisplayName("an empty view finds nothing, and does not say it is blind")
    void anEmptyViewFindsNothing() {
        assertEquals(Map.of(), ClusterView.EMPTY.untrusted());
        for (ClusterCase c : ClusterCases.all()) {
            assertTrue(
                    policy.judge(input(c.daemonSet()), null, ClusterView.EMPTY)
                            .violations()
                            .isEmpty(),
                    c.name());
        }
    }

    static DaemonSetInput input(com.fasterxml.jackson.databind.JsonNode manifest) {
        return DaemonSetInput.of(FixedCluster.bind(manifest, DaemonSet.class));
    }
}
