package dev.dswebhook.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The {@code quarkus.http.*} keys that mean something here, and the ones set that do not.
 *
 * <p>Quarkus documents {@code quarkus.http.*} for its own listener, which is off; the webhooks'
 * HTTPS listener reads only {@link #HONOURED}, and Quarkus itself still reads {@link #KNOWN}. Any
 * other key set is ignored, so the server says so at start-up rather than let it pass for a setting.
 */
final class ListenerKeys {

    /** The keys the webhooks' HTTPS listener reads, into {@link ListenerLimits}. */
    static final List<String> HONOURED = List.of(
            "quarkus.http.ssl-port",
            "quarkus.http.test-ssl-port",
            "quarkus.http.host",
            "quarkus.http.io-threads",
            "quarkus.http.idle-timeout",
            "quarkus.http.http2",
            "quarkus.http.limits.max-connections",
            "quarkus.http.limits.max-body-size",
            "quarkus.http.limits.max-header-size",
            "quarkus.http.limits.max-initial-line-length");

    /**
     * The keys Quarkus itself reads although its listener is off, and the plain-HTTP ports, which
     * Quarkus' launchers pass on every start (the integration-test launcher sets
     * {@code quarkus.http.port}): plain HTTP is off whatever they say.
     */
    static final List<String> KNOWN = List.of(
            "quarkus.http.host-enabled",
            "quarkus.http.insecure-requests",
            "quarkus.http.port",
            "quarkus.http.test-port");

    private static final Set<String> ACCEPTED = Stream.concat(HONOURED.stream(), KNOWN.stream())
            .map(ListenerKeys::environmentForm)
            .collect(Collectors.toUnmodifiableSet());

    private ListenerKeys() {}

    /**
     * The {@code quarkus.http.*} keys among {@code names} that nothing reads, as written and sorted;
     * a name may carry a profile ({@code %prod.quarkus.http.port}) or be an environment variable
     * ({@code QUARKUS_HTTP_PORT}). A key set both ways is named once, dotted.
     */
    static List<String> unhonoured(Collection<String> names) {
        Map<String, String> byKey = new HashMap<>();
        for (String name : names) {
            if (isHttpKey(name) && !ACCEPTED.contains(environmentForm(withoutProfile(name)))) {
                byKey.merge(environmentForm(name), name, (one, other) -> one.contains(".") ? one : other);
            }
        }
        return byKey.values().stream().sorted().toList();
    }

    /**
     * The names set in {@code sources}, leaving out defaults: those sit at the lowest ordinals, and
     * values fixed at build time, defaults included, at {@link Integer#MAX_VALUE}; whatever a user
     * sets (files, environment, system properties) is in between.
     */
    static Set<String> setIn(Iterable<ConfigSource> sources) {
        Set<String> names = new TreeSet<>();
        for (ConfigSource source : sources) {
            if (source.getOrdinal() > 0 && source.getOrdinal() < Integer.MAX_VALUE) {
                names.addAll(source.getPropertyNames());
            }
        }
        return names;
    }

    private static boolean isHttpKey(String name) {
        String key = withoutProfile(name);
        return key.startsWith("quarkus.http.") || key.startsWith("QUARKUS_HTTP_");
    }

    /** {@code %prod.quarkus.http.port} and {@code _PROD_QUARKUS_HTTP_PORT} name {@code quarkus.http.port}. */
    private static String withoutProfile(String name) {
        if (name.startsWith("%")) {
            return name.substring(name.indexOf('.') + 1);
        }
        if (name.startsWith("_")) {
            return name.substring(name.indexOf('_', 1) + 1);
        }
        return name;
    }

    /** The environment variable's spelling of a key, which is how one is matched either way. */
    private static String environmentForm(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
