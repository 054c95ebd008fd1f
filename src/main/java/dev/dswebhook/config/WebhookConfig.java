package dev.dswebhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook's own settings, under the {@code webhook.} prefix. */
@ConfigMapping(prefix = "webhook")
public interface WebhookConfig {

    /** Limits on the JSON of a review. */
    Json json();

    /** The serving certificate. */
    Tls tls();

    /** Where the certificate comes from, and how often it is re-read. */
    interface Tls {

        /** The TLS registry configuration the HTTPS server uses ({@code quarkus.tls.<name>.*}). */
        @WithDefault("webhook")
        String configurationName();

        /** How often to re-read the files; 0 turns reloading off. */
        @WithDefault("30s")
        java.time.Duration reloadPeriod();

        /**
         * Mutual TLS: {@code none}, {@code request} or {@code required}. Anything but {@code none}
         * needs the client CA in {@code quarkus.tls.<name>.trust-store.pem.certs}.
         */
        @WithDefault("none")
        io.vertx.core.http.ClientAuth clientAuth();
    }

    /** Limits enforced while a review is parsed; the body cap is {@code quarkus.http.limits.max-body-size}. */
    interface Json {

        /** Deepest nesting of objects and arrays; real DaemonSet reviews stay under 30. */
        @WithDefault("128")
        int maxNestingDepth();

        /** Longest single string, in characters; a legal object may hold one env value of megabytes. */
        @WithDefault("8388608")
        int maxStringLength();

        /** Longest number, in characters; Kubernetes numbers fit in 64 bits. */
        @WithDefault("100")
        int maxNumberLength();
    }
}
