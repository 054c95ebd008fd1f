package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the pods of one pod template can run: on the Nodes its {@link NodeTargeting} selects whose
 * taints it tolerates, as the DaemonSet controller decides for a DaemonSet
 * ({@code NodeShouldRunDaemonPod}: {@code nodeName}, then node affinity and selector, then
 * {@code NoSchedule} and {@code NoExecute} taints) and the scheduler for any pod.
 *
 * <p>A DaemonSet's pods also carry the tolerations the controller adds by itself
 * ({@link Toleration#DAEMON}, and {@link Toleration#HOST_NETWORK} on the host's network); among
 * them the one for cordoned Nodes, which is why a DaemonSet still runs on a Node that is drained.
 * Host ports and resources are not placement: the controller creates those pods anyway, and the
 * scheduler leaves them Pending.
 *
 * @param targeting   the Nodes its labels and name select
 * @param tolerations the template's tolerations
 * @param daemon      whether the pods are a DaemonSet's, which the controller gives its own tolerations
 * @param hostNetwork whether the pods use the host's network
 */
public record Placement(NodeTargeting targeting, List<Toleration> tolerations, boolean daemon, boolean hostNetwork) {

    /** A DaemonSet's pods with no targeting and no tolerations of their own. */
    public static final Placement ANY_DAEMON = new Placement(NodeTargeting.EVERY_NODE, List.of(), true, false);

    /** Pods that are not a DaemonSet's, with no targeting and no tolerations: most workloads. */
    public static final Placement NOWHERE_IN_PARTICULAR =
            new Placement(NodeTargeting.EVERY_NODE, List.of(), false, false);

    public Placement {
        targeting = targeting == null ? NodeTargeting.EVERY_NODE : targeting;
        tolerations = tolerations == null || tolerations.isEmpty() ? List.of() : List.copyOf(tolerations);
    }

    /** The placement of a pod spec held as a fabric8 model object. */
    public static Placement of(PodSpec spec, boolean daemon) {
        if (spec == null) {
            return new Placement(NodeTargeting.EVERY_NODE, List.of(), daemon, false);
        }
        List<Toleration> tolerations = new ArrayList<>();
        if (spec.getTolerations() != null) {
            for (io.fabric8.kubernetes.api.model.Toleration t : spec.getTolerations()) {
                tolerations.add(new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()));
            }
        }
        return new Placement(NodeTargeting.of(spec), tolerations, daemon, Boolean.TRUE.equals(spec.getHostNetwork()));
    }

    /** This placement, or the shared instance equal to it, for caches that hold thousands. */
    Placement shared() {
        if (equals(NOWHERE_IN_PARTICULAR)) {
            return NOWHERE_IN_PARTICULAR;
        }
        return equals(ANY_DAEMON) ? ANY_DAEMON : this;
    }

    /** Whether the pods run on this Node: it is selected, and none of its taints keeps them off. */
    public boolean runsOn(ClusterView.Node node) {
        return selects(node) && !repelled(node);
    }

    /** Whether a taint of the Node, or its being cordoned, keeps these pods off it; as {@link #untolerated}, without the list. */
    private boolean repelled(ClusterView.Node node) {
        for (Taint taint : node.taints()) {
            if (taint.repels() && !tolerates(taint)) {
                return true;
            }
        }
        return node.unschedulable() && !tolerates(Taint.UNSCHEDULABLE);
    }

    /** Whether the Node's labels and name are selected, whatever its taints. */
    public boolean selects(ClusterView.Node node) {
        return targeting.matches(node);
    }

    /** Whether some Node could run the pods of both, by labels and names; taints can always be lifted. */
    public boolean mayMeet(Placement other) {
        return targeting.overlaps(other.targeting);
    }

    /**
     * The Node's taints that keep these pods off it, in the Node's order; a cordoned Node counts as
     * tainted {@link Taint#UNSCHEDULABLE}, as the scheduler reads it.
     */
    public List<Taint> untolerated(ClusterView.Node node) {
        List<Taint> out = new ArrayList<>(0);
        for (Taint taint : node.taints()) {
            if (taint.repels() && !tolerates(taint)) {
                out.add(taint);
            }
        }
        if (node.unschedulable() && !node.taints().contains(Taint.UNSCHEDULABLE) && !tolerates(Taint.UNSCHEDULABLE)) {
            out.add(Taint.UNSCHEDULABLE);
        }
        return out;
    }

    private boolean tolerates(Taint taint) {
        for (Toleration toleration : tolerations) {
            if (toleration.tolerates(taint)) {
                return true;
            }
        }
        if (daemon) {
            for (Toleration toleration : Toleration.DAEMON) {
                if (toleration.tolerates(taint)) {
                    return true;
                }
            }
            return hostNetwork && Toleration.HOST_NETWORK.tolerates(taint);
        }
        return false;
    }
}
