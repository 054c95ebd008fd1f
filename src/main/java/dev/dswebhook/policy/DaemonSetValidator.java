package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges an apps/v1 DaemonSet by the API server's rules for its selector, template labels and
 * restart policy; the result is empty when the object is allowed.
 *
 * <p>The checks and their order follow {@code ValidateDaemonSetSpec} in
 * {@code pkg/apis/apps/validation}, with the pod template's own checks where that calls
 * {@code ValidatePodTemplateSpec}, and selector immutability, which the API server reports first
 * on an update. One difference is deliberate: a missing selector also gets a
 * {@code spec.selector: Required value}, because the upstream message for that case (a mismatch
 * against the template labels) does not tell the user what to add.
 */
public final class DaemonSetValidator {

    public static final String RESTART_POLICY_ALWAYS = "Always";

    static final String SELECTOR = "spec.selector";
    static final String TEMPLATE_LABELS = "spec.template.metadata.labels";
    /**
     * Where the template's label syntax errors are reported: {@code ValidatePodTemplateSpec}
     * validates the template's ObjectMeta under {@code spec.template}, not under its metadata.
     */
    static final String TEMPLATE_LABEL_SYNTAX = "spec.template.labels";
    static final String RESTART_POLICY = "spec.template.spec.restartPolicy";
    /** The restart policies any pod may have, which the pod spec's own check allows. */
    private static final String[] POD_RESTART_POLICIES = {RESTART_POLICY_ALWAYS, "OnFailure", "Never"};

    /** Judges a DaemonSet being created. */
    public List<Violation> validateCreate(DaemonSet daemonSet) {
        List<Violation> out = new ArrayList<>(2);
        DaemonSetSpec spec = daemonSet.getSpec();
        LabelSelector selector = spec == null ? null : spec.getSelector();
        Map<String, String> templateLabels = templateLabels(spec);

        if (selector == null) {
            out.add(Violation.required(Rule.EMPTY_SELECTOR, SELECTOR, ""));
        }
        List<Violation> selectorSyntax = LabelSelectors.validate(selector, SELECTOR);
        out.addAll(selectorSyntax);
        // Like LabelSelectorAsSelector, a selector that does not parse is not matched at all.
        if (selectorSyntax.isEmpty() && !LabelSelectors.matches(selector, templateLabels)) {
            out.add(Violation.invalid(Rule.SELECTOR_MISMATCH, TEMPLATE_LABELS, templateLabels,
                    "`selector` does not match template `labels`"));
        }
        if (selector != null && LabelSelectors.isEmpty(selector)) {
            out.add(Violation.invalid(Rule.EMPTY_SELECTOR, SELECTOR, selector,
                    "empty selector is invalid for daemonset"));
        }
        LabelSelectors.validateLabels(templateLabels, TEMPLATE_LABEL_SYNTAX, Rule.INVALID_LABELS, out);

        String restartPolicy = restartPolicy(spec);
        if (restartPolicy != null && !restartPolicy.isEmpty() && !RESTART_POLICY_ALWAYS.equals(restartPolicy)) {
            if (!List.of(POD_RESTART_POLICIES).contains(restartPolicy)) {
                // Not a restart policy at all: the pod spec's own check says so first.
                out.add(Violation.notSupported(Rule.RESTART_POLICY, RESTART_POLICY, restartPolicy, POD_RESTART_POLICIES));
            }
            out.add(Violation.notSupported(Rule.RESTART_POLICY, RESTART_POLICY, restartPolicy, RESTART_POLICY_ALWAYS));
        }
        return out;
    }

    /** Judges an update: an apps/v1 selector may not change, and every create rule applies. */
    public List<Violation> validateUpdate(DaemonSet daemonSet, DaemonSet old) {
        List<Violation> out = new ArrayList<>(2);
        LabelSelector selector = daemonSet.getSpec() == null ? null : daemonSet.getSpec().getSelector();
        LabelSelector oldSelector = old.getSpec() == null ? null : old.getSpec().getSelector();
        if (!LabelSelectors.semanticallyEqual(selector, oldSelector)) {
            out.add(Violation.invalid(Rule.SELECTOR_IMMUTABLE, SELECTOR, selector, "field is immutable"));
        }
        out.addAll(validateCreate(daemonSet));
        return out;
    }

    /** The template's labels, {@code null} when it has none: the API server then prints {@code null}. */
    private static Map<String, String> templateLabels(DaemonSetSpec spec) {
        PodTemplateSpec template = spec == null ? null : spec.getTemplate();
        ObjectMeta metadata = template == null ? null : template.getMetadata();
        return metadata == null ? null : metadata.getLabels();
    }

    static String restartPolicy(DaemonSetSpec spec) {
        PodTemplateSpec template = spec == null ? null : spec.getTemplate();
        PodSpec podSpec = template == null ? null : template.getSpec();
        return podSpec == null ? null : podSpec.getRestartPolicy();
    }
}
