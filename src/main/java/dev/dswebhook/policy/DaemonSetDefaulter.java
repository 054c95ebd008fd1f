package dev.dswebhook.policy;

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
final class DaemonSetDefaulter {

    static final String RESTART_POLICY = "spec.template.spec.restartPolicy";
    static final String ALWAYS = "Always";

    /** The defaults to apply, empty when nothing is unset. */
    List<AppliedDefault> defaults(DaemonSetInput daemonSet) {
        String restartPolicy = daemonSet.restartPolicy();
        if (restartPolicy != null && !restartPolicy.isEmpty()) {
            return List.of();
        }
        PatchOp op = switch (daemonSet.depth()) {
            case NO_SPEC -> PatchOp.add("/spec", Map.of("template", Map.of("spec", Map.of("restartPolicy", ALWAYS))));
            case NO_TEMPLATE -> PatchOp.add("/spec/template", Map.of("spec", Map.of("restartPolicy", ALWAYS)));
            case NO_POD_SPEC -> PatchOp.add("/spec/template/spec", Map.of("restartPolicy", ALWAYS));
            case POD_SPEC -> PatchOp.add("/spec/template/spec/restartPolicy", ALWAYS);
        };
        return List.of(new AppliedDefault(RESTART_POLICY, ALWAYS, op));
    }
}
