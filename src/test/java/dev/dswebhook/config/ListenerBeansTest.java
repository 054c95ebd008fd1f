package dev.dswebhook.config;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.runtime.VertxConfigBuilder;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The listener's settings as the producer reads them from Quarkus' typed HTTP configuration and
 * the webhook's own, over the shipped application.properties, without starting Quarkus.
 */
@DisplayName("The listener's settings")
class ListenerBeansTest {

    @Test
    @DisplayName("are the documented bounds with the shipped application.properties")
    void theShippedBounds() throws IOException {
        ListenerLimits limits = limits(Map.of(), LaunchMode.NORMAL);

        assertEquals(
                new ListenerLimits(
                        8443,
                        "0.0.0.0",
                        2 * Runtime.getRuntime().availableProcessors(),
                        512,
                        256,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(10),
                        16 << 20,
                        Duration.ofSeconds(1),
                        8 << 20,
                        20 << 10,
                        4096,
                        false),
                limits);
    }

    @Test
    @DisplayName("listen on quarkus.http.test-ssl-port, 8444 unless set, in tests")
    void theTestPort() throws IOException {
        assertEquals(8444, limits(Map.of(), LaunchMode.TEST).port());
        assertEquals(
                9444,
                limits(Map.of("quarkus.http.test-ssl-port", "9444"), LaunchMode.TEST)
                        .port());
    }

    @Test
    @DisplayName("take every honoured quarkus.http key as set")
    void theHonouredKeysAsSet() throws IOException {
        Map<String, String> set = Map.ofEntries(
                entry("quarkus.http.ssl-port", "18443"),
                entry("quarkus.http.host", "127.0.0.1"),
                entry("quarkus.http.io-threads", "3"),
                entry("quarkus.http.idle-timeout", "3s"),
                entry("quarkus.http.http2", "true"),
                entry("quarkus.http.limits.max-connections", "100"),
                entry("quarkus.http.limits.max-body-size", "1M"),
                entry("quarkus.http.limits.max-header-size", "8K"),
                entry("quarkus.http.limits.max-initial-line-length", "1024"));
        ListenerLimits limits = limits(set, LaunchMode.NORMAL);

        assertEquals(
                "18443 127.0.0.1 3 PT3S true 100 1048576 8192 1024",
                limits.port() + " " + limits.host() + " " + limits.eventLoops() + " " + limits.idleTimeout() + " "
                        + limits.http2() + " " + limits.maxConnections() + " " + limits.maxBodySize() + " "
                        + limits.maxHeaderSize() + " " + limits.maxInitialLineLength());
        Set<String> covered = new TreeSet<>(set.keySet());
        covered.add("quarkus.http.test-ssl-port");
        assertEquals(new TreeSet<>(ListenerKeys.HONOURED), covered, "the keys the warning calls honoured");
    }

    @Test
    @DisplayName(
            "take the body timeout from the deprecated webhook.body-timeout, unless webhook.server.body-timeout is set")
    void theDeprecatedBodyTimeout() throws IOException {
        assertEquals(
                Duration.ofSeconds(2),
                limits(Map.of("webhook.body-timeout", "2s"), LaunchMode.NORMAL).bodyTimeout());
        assertEquals(
                Duration.ofSeconds(3),
                limits(Map.of("webhook.server.body-timeout", "3s"), LaunchMode.NORMAL)
                        .bodyTimeout());
        assertEquals(
                Duration.ofSeconds(3),
                limits(Map.of("webhook.body-timeout", "2s", "webhook.server.body-timeout", "3s"), LaunchMode.NORMAL)
                        .bodyTimeout());
    }

    /** The settings from the shipped application.properties, overridden as system properties would be. */
    private static ListenerLimits limits(Map<String, String> overrides, LaunchMode mode) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(VertxHttpConfig.class)
                .withMapping(WebhookConfig.class)
                // Quarkus' converters (durations such as 30s, sizes such as 8M) and expressions, as Quarkus has them.
                .addDiscoveredConverters()
                .addDefaultInterceptors()
                // Some of Quarkus' defaults name it.
                .withDefaultValue("java.io.tmpdir", System.getProperty("java.io.tmpdir"))
                .withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(
                        ListenerBeansTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400));
        SmallRyeConfig config = new VertxConfigBuilder().configBuilder(builder).build();
        return ListenerBeans.of(
                config.getConfigMapping(VertxHttpConfig.class),
                config.getConfigMapping(WebhookConfig.class).server(),
                mode);
    }
}
