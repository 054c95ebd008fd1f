package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dswebhook.fixtures.Case;
import dev.dswebhook.fixtures.Cases;
import dev.dswebhook.fixtures.Fixtures;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
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
