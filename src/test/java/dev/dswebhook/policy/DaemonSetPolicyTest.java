package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy alone, over the shared cases. Objects are bound by fabric8's own Jackson mapping,
 * not the webhook's streaming reader, so the two decoders check each other.
 */
@DisplayName("The policy's front door, over the shared cases")
class DaemonSetPolicyTest {

    private final DaemonSetPolicy policy = new DaemonSetPolicy();

    static Stream<Case> cases() {
        return Cases.policyCases().stream();
    }

    @ParameterizedTest(name = "{0}: the policy reports exactly the expected violations")
    @MethodSource("cases")
    void thePolicyReportsExactlyTheExpectedViolations(Case c) throws JsonProcessingException {
        DaemonSetInput object = DaemonSetInput.of(Fixtures.JSON.treeToValue(c.object(), DaemonSet.class));
        DaemonSetInput old = c.operation().equals("UPDATE")
                ? DaemonSetInput.of(Fixtures.JSON.treeToValue(c.oldObject(), DaemonSet.class))
                : null;
        List<Violation> violations =
                policy.judge(object, old, ClusterView.EMPTY).violations();
        assertEquals(
                c.expect().violations(),
                violations.stream()
                        .map(v -> new Case.ExpectedViolation(v.rule().id(), v.message()))
                        .toList());
        assertEquals(c.expect().allowed(), violations.isEmpty());
    }

    @Test
    @DisplayName(
            "a cluster rule switched off is never judged: with the two that read pods off, the API server is never asked for pods")
    void aClusterRuleSwitchedOffIsNeverJudged() throws JsonProcessingException {
        DaemonSetInput fluentd =
                DaemonSetInput.of(Fixtures.JSON.treeToValue(Fixtures.yaml("objects/fluentd.yaml"), DaemonSet.class));
        DaemonSetPolicy podsOff =
                new DaemonSetPolicy(PolicySettings.DEFAULTS, Set.of(Rule.SELECTOR_OVERLAP, Rule.HOST_PORT_CONFLICT));
        PodListsCounted on = new PodListsCounted(Map.of());
        new DaemonSetPolicy().judge(fluentd, null, on);
        assertTrue(on.lists > 0, "selector-overlap lists the pods its selector takes in");
        PodListsCounted off = new PodListsCounted(Map.of());
        podsOff.judge(fluentd, null, off);
        assertEquals(0, off.lists);

        // Nor is it reported as skipped when the pods cannot be read.
        Map<ClusterKind.Role, String> podsUntrusted = Map.of(ClusterKind.Role.POD, "pods not listed");
        assertFalse(new DaemonSetPolicy()
                .judge(fluentd, null, new PodListsCounted(podsUntrusted))
                .skipped()
                .none());
        assertTrue(podsOff.judge(fluentd, null, new PodListsCounted(podsUntrusted))
                .skipped()
                .none());
    }

    /** The empty cluster, counting the pod look-ups the rules ask of it. */
    private static final class PodListsCounted implements ClusterView {
        private final Map<ClusterKind.Role, String> untrusted;
        int lists;

        PodListsCounted(Map<ClusterKind.Role, String> untrusted) {
            this.untrusted = untrusted;
        }

        @Override
        public List<Workload> workloads(String namespace) {
            return EMPTY.workloads(namespace);
        }

        @Override
        public List<Workload> workloadsWithHostPorts() {
            return EMPTY.workloadsWithHostPorts();
        }

        @Override
        public List<DaemonSetInput> daemonSets() {
            return EMPTY.daemonSets();
        }

        @Override
        public Optional<List<Node>> nodes() {
            return EMPTY.nodes();
        }

        @Override
        public List<PriorityClass> priorityClasses() {
            return EMPTY.priorityClasses();
        }

        @Override
        public Pods pods(String namespace, LabelSelector selector) {
            lists++;
            return Pods.NONE;
        }

        @Override
        public Map<ClusterKind.Role, String> untrusted() {
            return untrusted;
        }
    }

    @ParameterizedTest(name = "{0}: the policy defaults exactly when restartPolicy is unset")
    @MethodSource("cases")
    void thePolicyDefaultsExactlyWhenRestartPolicyIsUnset(Case c) throws JsonProcessingException {
        DaemonSetInput object = DaemonSetInput.of(Fixtures.JSON.treeToValue(c.object(), DaemonSet.class));
        List<AppliedDefault> defaults = policy.defaults(object);
        assertEquals(c.expect().defaulted(), !defaults.isEmpty());
        for (AppliedDefault applied : defaults) {
            assertEquals("spec.template.spec.restartPolicy", applied.field());
            assertEquals("Always", applied.value());
            assertEquals("add", applied.patch().op());
            assertTrue(applied.note().length() < 120, "a warning header stays under 120 characters");
        }
    }
}
