package dev.dswebhook.policy;

/**
 * A taint on a Node, which keeps off every pod that does not tolerate it.
 *
 * @param key    the taint's key, such as {@code node-role.kubernetes.io/control-plane}
 * @param value  its value, empty when it has none
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}
 */
public record Taint(String key, String value, String effect) {

    /**
     * What a cordoned Node ({@code spec.unschedulable}) means to the scheduler: a pod must tolerate
     * this taint to be placed there, whether or not the Node carries it yet (scheduler plugin
     * {@code NodeUnschedulable}).
     */
    public static final Taint UNSCHEDULABLE = new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");

    public Taint {
        key = key == null ? "" : Interned.string(key);
        value = value == null ? "" : Interned.string(value);
        effect = effect == null ? "" : Interned.string(effect);
    }

    /**
     * Whether the taint keeps pods off the Node: {@code NoSchedule} and {@code NoExecute} do, for
     * the DaemonSet controller and the scheduler alike; {@code PreferNoSchedule} is a preference.
     */
    public boolean repels() {
        return effect.equals("NoSchedule") || effect.equals("NoExecute");
    }

    /** How messages show it, as {@code kubectl taint} writes it: {@code key=value:Effect}, or {@code key:Effect}. */
    public String display() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
