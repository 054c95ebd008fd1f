package dev.dswebhook.config;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.JsonLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Assembles the framework-free admission classes into beans for the HTTP layer. */
public class AdmissionBeans {

    @Produces
    @Singleton
    AdmissionService admissionService(WebhookConfig config) {
        WebhookConfig.Json json = config.json();
        return AdmissionService.create(new JsonLimits(json.maxNestingDepth(), json.maxStringLength(), json.maxNumberLength()));
    }
}
