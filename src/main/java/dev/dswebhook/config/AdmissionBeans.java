package dev.dswebhook.config;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.Exemptions;
import dev.dswebhook.cluster.InformerCluster;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.PolicySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
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
    AdmissionService admissionService(WebhookConfig config, ClusterView cluster) {
        WebhookConfig.Json json = config.json();
        WebhookConfig.EnforcementSettings enforcement = config.enforcement();
        WebhookConfig.ExemptionSettings exemptions = config.exemptions();
        Enforcement modes = Enforcement.of(
                enforcement.mode(),
                enforcement.warnRules().orElse(List.of()),
                enforcement.enforceRules().orElse(List.of()),
                enforcement.offRules().orElse(List.of()));
        return AdmissionService.create(
                new JsonLimits(json.maxNestingDepth(), json.maxStringLength(), json.maxNumberLength()),
                new DaemonSetPolicy(settings(config.rules()), modes.offRules()),
                modes,
                Exemptions.of(
                        exemptions.namespaces(),
                        exemptions.users().orElse(List.of()),
                        exemptions.groups().orElse(List.of())),
                cluster);
    }

    private static PolicySettings settings(WebhookConfig.Rules rules) {
        try {
            return new PolicySettings(rules.familyLabel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook.rules.family-label: " + e.getMessage(), e);
        }
    }

    /**
     * The rest of the cluster: informers started now, so that their first lists run while the
     * server starts; or nothing at all when watching is off. The client is created only when used.
     */
    @Produces
    @Singleton
    @Startup
    ClusterView cluster(WebhookConfig config, Instance<KubernetesClient> client) {
        WebhookConfig.Cluster cluster = config.cluster();
        if (!cluster.enabled()) {
            return ClusterView.EMPTY;
        }
        return InformerCluster.start(client.get(), cluster.syncTimeout(), cluster.staleAfter(), cluster.podsTimeout());
    }

    void stopWatching(@Disposes ClusterView cluster) {
        if (cluster instanceof InformerCluster informers) {
            informers.close();
        }
    }
}
