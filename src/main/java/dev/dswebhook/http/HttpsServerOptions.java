package dev.dswebhook.http;

import dev.dswebhook.config.WebhookConfig;
import dev.dswebhook.tls.CertificateReloader;
import io.vertx.core.http.ClientAuth;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.inject.Singleton;

/**
 * Starts the HTTPS server with key and trust managers that follow certificate rotations, in place
 * of the fixed ones the TLS registry configuration would give it.
 */
@Singleton
public class HttpsServerOptions implements HttpServerOptionsCustomizer {

    private final CertificateReloader certificates;
    private final WebhookConfig config;

    HttpsServerOptions(CertificateReloader certificates, WebhookConfig config) {
        this.certificates = certificates;
        this.config = config;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        certificates.start();
        options.setKeyCertOptions(KeyCertOptions.wrap(certificates.keyManager()));
        // Set here, at run time: Quarkus fixes quarkus.http.ssl.client-auth at build time, and an
        // operator must be able to switch mutual TLS on with an environment variable.
        ClientAuth clientAuth = config.tls().clientAuth();
        if (clientAuth != ClientAuth.NONE && !certificates.hasClientCa()) {
            throw new IllegalStateException("webhook.tls.client-auth=" + clientAuth + " needs the client CA in quarkus.tls."
                    + config.tls().configurationName() + ".trust-store.pem.certs");
        }
        options.setClientAuth(clientAuth);
        if (certificates.hasClientCa()) {
            options.setTrustOptions(TrustOptions.wrap(certificates.trustManager()));
        }
    }
}
