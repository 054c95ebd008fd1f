package dev.dswebhook.policy;

import java.util.List;

/**
 * A pod's toleration of taints, matched as Kubernetes matches it ({@code k8s.io/api/core/v1}
 * {@code Toleration.ToleratesTaint}): an empty effect matches every effect, an empty key with
 * {@code Exists} matches every key, {@code Exists} ignores the value, and {@code Equal} (or no
 * operator) needs the same value.
 *
 * @param key      the taint key it matches, empty for every key
 * @param operator {@code Exists} or {@code Equal}; empty means {@code Equal}
 * @param value    the value {@code Equal} needs
 * @param effect   the effect it matches, empty for every effect
 */
public record Toleration(String key, String operator, String value, String effect) {

    /**
     * The tolerations the DaemonSet controller gives every pod it creates, whatever the template
     * says ({@code pkg/controller/daemon/util} {@code AddOrUpdateDaemonPodTolerations}): a daemon
     * keeps running through the conditions that the node lifecycle controller turns into taints.
     * Not {@code node.kubernetes.io/not-ready:NoSchedule}, and nothing for the control plane.
     */
    public static final List<Toleration> DAEMON = List.of(
            exists("node.kubernetes.io/not-ready", "NoExecute"),
            exists("node.kubernetes.io/unreachable", "NoExecute"),
            exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
            exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
            exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
            exists("node.kubernetes.io/unschedulable", "NoSchedule"));

    /** What the DaemonSet controller adds besides, for a pod on the host's network. */
    public static final Toleration HOST_NETWORK = exists("node.kubernetes.io/network-unavailable", "NoSchedule");

    public Toleration {
        // Kept for each cached workload and DaemonSet that has them, and much alike.
        key = key == null ? "" : Interned.string(key);
        operator = operator == null ? "" : Interned.string(operator);
        value = value == null ? "" : Interned.string(value);
        effect = effect == null ? "" : Interned.string(effect);
    }

    private static Toleration exists(String key, String effect) {
        return new Toleration(key, "Exists", "", effect);
    }

    /** Whether this toleration lets a pod onto a Node with this taint. */
    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "", "Equal" -> value.equals(taint.value());
            default -> false;
        };
    }
}
