package dev.dswebhook.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.ServerLimitsConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Reads the HTTPS listener's settings once, from Quarkus' typed HTTP configuration and the
 * webhook's own, and warns at start-up about the settings it ignores.
 *
 * <p>Each default is stated once: Quarkus' own in {@link VertxHttpConfig}, the webhook's own in
 * {@link WebhookConfig}, where the webhook departs from Quarkus' (idle timeout, HTTP/2, body cap)
 * in application.properties, and here only what Quarkus leaves without one.
 */
public class ListenerBeans {

    private static final Logger LOG = Logger.getLogger(ListenerBeans.class);

    /** Open connections at most when {@code quarkus.http.limits.max-connections} is not set: Quarkus would set no cap. */
    static final int DEFAULT_MAX_CONNECTIONS = 512;

    @Produces
    @Singleton
    @SuppressWarnings("deprecation") // reads webhook.body-timeout only to warn that it is deprecated
    ListenerLimits listenerLimits(WebhookConfig webhook, Config config) {
        SmallRyeConfig smallRye = config.unwrap(SmallRyeConfig.class);
        List<String> ignored = ListenerKeys.unhonoured(ListenerKeys.setIn(smallRye.getConfigSources()));
        if (!ignored.isEmpty()) {
            LOG.warn(ignoredMessage(ignored));
        }
        if (webhook.bodyTimeout().isPresent()) {
            LOG.warn("webhook.body-timeout is deprecated: set webhook.server.body-timeout instead, "
                    + "which wins when both are set");
        }
        return of(smallRye.getConfigMapping(VertxHttpConfig.class), webhook.server(), LaunchMode.current());
    }

    static ListenerLimits of(VertxHttpConfig http, WebhookConfig.Server server, LaunchMode mode) {
        ServerLimitsConfig limits = http.limits();
        return new ListenerLimits(
                http.determineSslPort(mode),
                http.host(),
                // As many as Quarkus' Vert.x has event loops by default.
                http.ioThreads().orElse(2 * Runtime.getRuntime().availableProcessors()),
                limits.maxConnections().orElse(DEFAULT_MAX_CONNECTIONS),
                server.maxConnectionsPerSource(),
                server.headTimeout(),
                http.idleTimeout(),
                server.bodyTimeout(),
                server.inFlightBytes().asLongValue(),
                server.queueTimeout(),
                limits.maxBodySize()
                        .map(MemorySize::asLongValue)
                        .orElseThrow(() -> new IllegalStateException(
                                "quarkus.http.limits.max-body-size must be set: the webhook needs a body cap")),
                limits.maxHeaderSize().asBigInteger().intValueExact(),
                limits.maxInitialLineLength(),
                http.http2());
    }

    /** One line naming every key set but ignored, and what is read instead. */
    static String ignoredMessage(List<String> ignored) {
        return String.join(", ", ignored)
                + (ignored.size() == 1 ? " is" : " are")
                + " set but not honoured: Quarkus' own HTTP listener is off (quarkus.http.host-enabled=false), "
                + "and the webhooks' HTTPS listener reads only " + String.join(", ", ListenerKeys.HONOURED)
                + " and webhook.server.*";
    }
}
