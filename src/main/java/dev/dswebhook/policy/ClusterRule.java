package dev.dswebhook.policy;

import java.util.List;

/** A rule that judges a DaemonSet against the rest of the cluster; the object itself is well-formed. */
interface ClusterRule {

    /** The rule it judges: one of {@link Rule.Scope#CLUSTER}, and no other judges it. */
    Rule rule();

    /** The violations, in a stable order; empty when the DaemonSet gets along with the rest. */
    List<Violation> check(DaemonSetInput daemonSet, ClusterView cluster);

    /** Whether {@code other} is {@code daemonSet} itself, as it is stored before an update. */
    static boolean same(DaemonSetInput daemonSet, DaemonSetInput other) {
        return other.namespace().equals(daemonSet.namespace()) && other.name().equals(daemonSet.name());
    }

    /**
     * Violations found while walking a view, put in a stable order: the views hand objects over
     * in no particular order (an informer's cache is a hash map), while a message list must read
     * the same on every call. Each is sorted by a key, such as the other object's namespace and name.
     */
    final class Found {

        private final java.util.TreeMap<String, Violation> byKey = new java.util.TreeMap<>();

        /** Adds a violation under its key; a second one under the same key is a repeat and dropped. */
        void add(String key, Violation violation) {
            byKey.putIfAbsent(key, violation);
        }

        /** The violations, by key. */
        List<Violation> list() {
            return List.copyOf(byKey.values());
        }
    }

    /** Whether a selector can select anything at all: present, non-empty and free of syntax errors. */
    static boolean selects(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return selector != null
                && !LabelSelectors.isEmpty(selector)
                && LabelSelectors.validate(selector, "").isEmpty();
    }
}
