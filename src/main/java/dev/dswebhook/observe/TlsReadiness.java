package dev.dswebhook.observe;

import dev.dswebhook.tls.CertificateReloader;
import dev.dswebhook.tls.TlsMaterial;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once checked TLS material is being served; a refused reload is reported but does not
 * make the pod unready, because the previous certificate still serves.
 */
@Readiness
@Singleton
public class TlsReadiness implements HealthCheck {

    private final CertificateReloader certificates;

    TlsReadiness(CertificateReloader certificates) {
        this.certificates = certificates;
    }

    @Override
    public HealthCheckResponse call() {
        TlsMaterial material = certificates.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tls").status(certificates.loaded());
        if (material != null) {
            response.withData(
                            "subject", material.leaf().getSubjectX500Principal().getName())
                    .withData("serial", material.leaf().getSerialNumber().toString(16))
                    .withData(
                            "notAfter",
                            material.leaf().getNotAfter().toInstant().toString());
        }
        if (certificates.lastFailure() != null) {
            response.withData("lastReloadFailure", certificates.lastFailure());
        }
        return response.build();
    }
}
