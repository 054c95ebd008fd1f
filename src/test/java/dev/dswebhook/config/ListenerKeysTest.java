package dev.dswebhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which {@code quarkus.http.*} keys set in the configuration the start-up warning names. */
@DisplayName("The start-up warning about quarkus.http keys")
class ListenerKeysTest {

    @Test
    @DisplayName("names every quarkus.http key set that neither the listener nor Quarkus reads, and nothing else")
    void namesWhatNothingReads() {
        List<String> set = List.of(
                "quarkus.http.ssl-port",
                "quarkus.http.limits.max-connections",
                "quarkus.http.host-enabled",
                "quarkus.http.insecure-requests",
                "quarkus.http.accept-backlog",
                "quarkus.http.port",
                "quarkus.http.read-timeout",
                "quarkus.http.limits.max-chunk-size",
                "quarkus.http.tls-configuration-name",
                "quarkus.management.port",
                "quarkus.tls.webhook.handshake-timeout",
                "webhook.server.head-timeout",
                "webhook.body-timeout");

        assertEquals(
                List.of(
                        "quarkus.http.accept-backlog",
                        "quarkus.http.limits.max-chunk-size",
                        "quarkus.http.read-timeout",
                        "quarkus.http.tls-configuration-name"),
                ListenerKeys.unhonoured(set));
    }

    @Test
    @DisplayName("knows a key under a profile and as an environment variable, and names it as written")
    void profilesAndEnvironmentVariables() {
        List<String> set = List.of(
                "%prod.quarkus.http.idle-timeout",
                "%dev.quarkus.http.read-timeout",
                "QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS",
                "QUARKUS_HTTP_HOST_ENABLED",
                "QUARKUS_HTTP_ACCEPT_BACKLOG",
                "_PROD_QUARKUS_HTTP_SO_REUSE_PORT",
                "QUARKUS_MANAGEMENT_PORT",
                "PATH");

        assertEquals(
                List.of(
                        "%dev.quarkus.http.read-timeout",
                        "QUARKUS_HTTP_ACCEPT_BACKLOG", "_PROD_QUARKUS_HTTP_SO_REUSE_PORT"),
                ListenerKeys.unhonoured(set));
    }

    @Test
    @DisplayName("names a key set both as a property and as an environment variable once, dotted")
    void oneKeyBothWays() {
        assertEquals(
                List.of("quarkus.http.accept-backlog"),
                ListenerKeys.unhonoured(List.of("QUARKUS_HTTP_ACCEPT_BACKLOG", "quarkus.http.accept-backlog")));
        assertEquals(
                List.of("quarkus.http.accept-backlog"),
                ListenerKeys.unhonoured(List.of("quarkus.http.accept-backlog", "QUARKUS_HTTP_ACCEPT_BACKLOG")));
    }

    @Test
    @DisplayName("counts what is set in files, the environment and system properties, not defaults")
    void onlyWhatIsSet() {
        List<ConfigSource> sources = List.of(
                source("defaults", Integer.MIN_VALUE, "quarkus.http.read-timeout"),
                source("fixed at build time", Integer.MAX_VALUE, "quarkus.http.root-path"),
                source("application.properties", 250, "quarkus.http.accept-backlog"),
                source("system properties", 400, "quarkus.http.so-reuse-port"));

        assertEquals(Set.of("quarkus.http.accept-backlog", "quarkus.http.so-reuse-port"), ListenerKeys.setIn(sources));
    }

    @Test
    @DisplayName("finds no ignored key in the shipped application.properties")
    void theShippedSettingsAreAllHonoured() throws IOException {
        ConfigSource shipped = new PropertiesConfigSource(
                ListenerKeysTest.class.getClassLoader().getResource("application.properties"), 250);

        assertEquals(List.of(), ListenerKeys.unhonoured(ListenerKeys.setIn(List.of(shipped))));
    }

    @Test
    @DisplayName("words the warning with the keys ignored and the keys read instead")
    void theWarningSaysWhatIsReadInstead() {
        String message =
                ListenerBeans.ignoredMessage(List.of("quarkus.http.accept-backlog", "quarkus.http.read-timeout"));

        assertEquals(
                "quarkus.http.accept-backlog, quarkus.http.read-timeout are set but not honoured: Quarkus' own HTTP listener"
                        + " is off (quarkus.http.host-enabled=false), and the webhooks' HTTPS listener reads only "
                        + String.join(", ", ListenerKeys.HONOURED) + " and webhook.server.*",
                message);
    }

    private static ConfigSource source(String name, int ordinal, String key) {
        return new PropertiesConfigSource(Map.of(key, "1"), name, ordinal);
    }
}
