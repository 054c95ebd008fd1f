package dev.dswebhook.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every key of {@link WebhookConfig}, and no key it does not have. */
@DisplayName("The configuration table")
class ConfigurationTableTest {

    /** The README's rows for the webhook's own keys: {@code | `webhook.x.y` | ...}. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(webhook\\.[a-z0-9.-]+)` \\|");

    @Test
    @DisplayName("every webhook.* key is documented in the README, once")
    void everyKeyIsDocumented() throws IOException {
        Set<String> keys = new TreeSet<>();
        collect(WebhookConfig.class, "webhook", keys);
        String readme = Files.readString(Path.of("README.md"));
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            rows.add(row.group(1));
        }
        assertEquals(keys, new TreeSet<>(rows), "the README's configuration table against WebhookConfig");
        assertEquals(rows.size(), new TreeSet<>(rows).size(), "each key has one row: " + rows);
    }

    /** The keys of a mapping: a method that returns a nested group is a prefix, any other a key. */
    private static void collect(Class<?> mapping, String prefix, Set<String> into) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.isSynthetic()
                    || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == WebhookConfig.class) {
                collect(type, key, into);
            } else if (!method.isAnnotationPresent(Deprecated.class)) {
                into.add(key);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
