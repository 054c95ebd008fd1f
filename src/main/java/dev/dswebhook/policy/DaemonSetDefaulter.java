package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import java.util.List;
import java.util.Map;

/**
 * Fills in the defaults the API server would, limited to {@code restartPolicy}; it never judges.
 *
 * <p>An unset restart policy (absent, {@code null} or empty) becomes {@code Always}, as
 * {@code SetDefaults_PodSpec} does. A set one, even a wrong one, is left for the validator to
 * reject. The patch is one {@code add} operation whose parent always exists in the object as sent:
 * when {@code spec}, {@code spec.template} or {@code spec.template.spec} is missing, the op adds
 * the smallest object that holds the new field.
 */
public final class DaemonSetDefaulter {

    /** The defaults to apply, empty when nothing is unset. */
    public List<AppliedDefault> defaults(DaemonSet daemonSet) {
        DaemonSetSpec spec = daemonSet.getSpec();
        String restartPolicy = DaemonSetValidator.restartPolicy(spec);
        if (restartPolicy != null && !restartPolicy.isEmpty()) {
            return List.of();
        }
        Object value = DaemonSetValidator.RESTART_POLICY_ALWAYS;
        PatchOp op;
        if (spec == null) {
            op = PatchOp.add("/spec", Map.of("template", Map.of("spec", Map.of("restartPolicy", value))));
        } else if (spec.getTemplate() == null) {
            op = PatchOp.add("/spec/template", Map.of("spec", Map.of("restartPolicy", value)));
        } else if (spec.getTemplate().getSpec() == null) {
            op = PatchOp.add("/spec/template/spec", Map.of("restartPolicy", value));
        } else {
            op = PatchOp.add("/spec/template/spec/restartPolicy", value);
        }
        return List.of(new AppliedDefault(DaemonSetValidator.RESTART_POLICY, DaemonSetValidator.RESTART_POLICY_ALWAYS, op));
    }
}
