package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;

/**
 * One copy of each string the caches of the cluster hold, where the same text comes from thousands
 * of objects: label keys and values, namespaces, taints, node selectors. Each object parsed from the
 * API server brings its own copies; a cluster of 50,000 ReplicaSets repeats the same few hundred.
 */
final class Interned {

    private Interned() {}

    /** The JVM's one copy of {@code text}, or {@code null}. */
    static String string(String text) {
        return text == null ? null : text.intern();
    }

    /** An immutable copy of {@code map} whose keys and values are the JVM's one copies; empty for {@code null}. */
    @SuppressWarnings("unchecked")
    static Map<String, String> map(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map.Entry<String, String>[] entries = new Map.Entry[map.size()];
        int i = 0;
        for (Map.Entry<String, String> entry : map.entrySet()) {
            entries[i++] = Map.entry(entry.getKey().intern(), entry.getValue().intern());
        }
        return Map.ofEntries(entries);
    }

    /** An immutable copy of {@code list} whose strings are the JVM's one copies; empty for {@code null}. */
    static List<String> list(List<String> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        String[] out = new String[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).intern();
        }
        return List.of(out);
    }
}
