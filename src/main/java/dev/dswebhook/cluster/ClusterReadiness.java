package dev.dswebhook.cluster;

import dev.dswebhook.policy.ClusterView;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the caches of the rest of the cluster have their first lists, or once the wait for
 * them is over: a pod that cannot list the cluster must still come up and judge objects alone.
 * Each kind's state is in the data, so {@code /q/health/ready} shows what is not in sync and why.
 */
@Readiness
@Singleton
public class ClusterReadiness implements HealthCheck {

    private final ClusterView cluster;

    ClusterReadiness(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster");
        if (!(cluster instanceof InformerCluster informers)) {
            return response.up().withData("watching", "off").build();
        }
        response.status(informers.ready());
        informers.problems().ifPresent(reason -> response.withData("not trusted", reason));
        for (InformerCluster.KindStatus kind : informers.status()) {
            String state = (kind.synced() ? "synced" : "listing") + (kind.watching() ? ", watching" : ", not watching")
                    + ", " + kind.objects() + " cached"
                    + (kind.lastError() == null ? "" : ", last error: " + kind.lastError());
            response.withData(kind.kind(), state);
        }
        return response.build();
    }
}
