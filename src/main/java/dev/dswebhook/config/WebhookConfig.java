package dev.dswebhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The webhook's own settings, under the {@code webhook.} prefix. */
@ConfigMapping(prefix = "webhook")
public interface WebhookConfig {

    /** Limits on the JSON of a review. */
    Json json();

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
