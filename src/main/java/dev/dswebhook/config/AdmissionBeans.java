package dev.dswebhook.config;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.Exemptions;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.policy.Enforcement;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Assembles the framework-free admission classes into beans for the HTTP layer, at startup, so
 * that a bad setting stops the server before it takes a request.
 */
public class AdmissionBeans {

    @Produces
    @Singleton
    @Startup
    AdmissionService admissionService(WebhookConfig config) {
        WebhookConfig.Json json = config.json();
        WebhookConfig.EnforcementSettings enforcement = config.enforcement();
        WebhookConfig.ExemptionSettings exemptions = config.exemptions();
        return AdmissionService.create(
                new JsonLimits(json.maxNestingDepth(), json.maxStringLength(), json.maxNumberLength()),
                Enforcement.of(
                        enforcement.mode(),
                        enforcement.warnRules().orElse(List.of()),
                        enforcement.enforceRules().orElse(List.of())),
                Exemptions.of(
                        exemptions.namespaces(),
                        exemptions.users().orElse(List.of()),
                        exemptions.groups().orElse(List.of())));
    }
}
