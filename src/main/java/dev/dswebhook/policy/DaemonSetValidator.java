package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
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
final class DaemonSetValidator {

    static final String SELECTOR = "spec.selector";
    static final String TEMPLATE_LABELS = "spec.template.metadata.labels";
    /**
     * Where the template's label syntax errors are reported: {@code ValidatePodTemplateSpec}
     * validates the template's ObjectMeta under {@code spec.template}, not under its metadata.
     */
    static final String TEMPLATE_LABEL_SYNTAX = "spec.template.labels";
    /** The restart policies any pod may have, which the pod spec's own check allows. */
    private static final String[] POD_RESTART_POLICIES = {DaemonSetDefaulter.ALWAYS, "OnFailure", "Never"};

    /** Judges a DaemonSet being created. */
    List<Violation> validateCreate(DaemonSetInput daemonSet) {
        List<Violation> out = new ArrayList<>(2);
        LabelSelector selector = daemonSet.selector();
        Map<String, String> templateLabels = daemonSet.templateLabels();

        if (selector == null) {
            out.add(Violation.required(Rule.EMPTY_SELECTOR, SELECTOR, ""));
        }
        List<Violation> selectorSyntax = LabelSelectors.validate(selector, SELECTOR);
        out.addAll(selectorSyntax);
        // Like LabelSelectorAsSelector, a selector that does not parse is not matched at all.
        if (selectorSyntax.isEmpty() && !LabelSelectors.matches(selector, templateLabels)) {
            out.add(Violation.invalid(
                    Rule.SELECTOR_MISMATCH,
                    TEMPLATE_LABELS,
                    templateLabels,
                    "`selector` does not match template `labels`"));
        }
        if (selector != null && LabelSelectors.isEmpty(selector)) {
            out.add(Violation.invalid(
                    Rule.EMPTY_SELECTOR, SELECTOR, selector, "empty selector is invalid for daemonset"));
        }
        LabelSelectors.validateLabels(templateLabels, TEMPLATE_LABEL_SYNTAX, Rule.INVALID_LABELS, out);

        String restartPolicy = daemonSet.restartPolicy();
        if (restartPolicy != null && !restartPolicy.isEmpty() && !DaemonSetDefaulter.ALWAYS.equals(restartPolicy)) {
            if (!List.of(POD_RESTART_POLICIES).contains(restartPolicy)) {
                // Not a restart policy at all: the pod spec's own check says so first.
                out.add(Violation.notSupported(
                        Rule.RESTART_POLICY, DaemonSetDefaulter.RESTART_POLICY, restartPolicy, POD_RESTART_POLICIES));
            }
            out.add(Violation.notSupported(
                    Rule.RESTART_POLICY, DaemonSetDefaulter.RESTART_POLICY, restartPolicy, DaemonSetDefaulter.ALWAYS));
        }
        return out;
    }

    /** Judges an update: an apps/v1 selector may not change, and every create rule applies. */
    List<Violation> validateUpdate(DaemonSetInput daemonSet, DaemonSetInput old) {
        List<Violation> out = new ArrayList<>(2);
        if (!LabelSelectors.semanticallyEqual(daemonSet.selector(), old.selector())) {
            out.add(Violation.invalid(Rule.SELECTOR_IMMUTABLE, SELECTOR, daemonSet.selector(), "field is immutable"));
        }
        out.addAll(validateCreate(daemonSet));
        return out;
    }
}
