package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;

/**
 * The priority a pod template's pods get from their {@code priorityClassName}, as the API server's
 * {@code Priority} admission plugin resolves it when a pod is created: the named class, the
 * cluster's global default when none is named, or 0 when there is no default.
 */
final class Priorities {

    /**
     * The classes every API server creates at start-up ({@code pkg/apis/scheduling}
     * {@code SystemPriorityClasses}), known even where the cluster's own classes are not.
     */
    private static final Map<String, ClusterView.PriorityClass> BUILT_IN = Map.of(
            "system-node-critical", new ClusterView.PriorityClass("system-node-critical", 2_000_001_000, false, true),
            "system-cluster-critical",
                    new ClusterView.PriorityClass("system-cluster-critical", 2_000_000_000, false, true));

    /**
     * A resolved priority.
     *
     * @param value    the pods' priority, or {@code null} when the class is not known
     * @param preempts whether the pods may preempt lower ones
     * @param name     the class that gives it, empty for the default of 0
     */
    record Priority(Integer value, boolean preempts, String name) {

        /** Whether pods of this priority preempt pods of {@code other} to take their place. */
        boolean preempts(Priority other) {
            return preempts && value != null && other.value != null && value > other.value;
        }

        /** Whether it is known which of the two wins a Node they both want. */
        boolean comparable(Priority other) {
            return value != null && other.value != null;
        }
    }

    private Priorities() {}

    /** The priority of pods that name {@code className} (empty for none), in this cluster. */
    static Priority of(String className, ClusterView cluster) {
        List<ClusterView.PriorityClass> classes = cluster.priorityClasses();
        if (className.isEmpty()) {
            ClusterView.PriorityClass fallback = null;
            for (ClusterView.PriorityClass c : classes) {
                if (c.globalDefault() && (fallback == null || c.value() < fallback.value())) {
                    fallback = c;
                }
            }
            return fallback == null
                    ? new Priority(0, true, "")
                    : new Priority(fallback.value(), fallback.preempts(), fallback.name());
        }
        for (ClusterView.PriorityClass c : classes) {
            if (c.name().equals(className)) {
                return new Priority(c.value(), c.preempts(), className);
            }
        }
        ClusterView.PriorityClass builtIn = BUILT_IN.get(className);
        return builtIn == null
                ? new Priority(null, true, className)
                : new Priority(builtIn.value(), builtIn.preempts(), className);
    }
}
