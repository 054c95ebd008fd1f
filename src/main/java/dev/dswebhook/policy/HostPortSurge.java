package dev.dswebhook.policy;

import java.util.List;

/**
 * {@code host-port-surge}: a DaemonSet whose pods take a host port (a {@code hostPort}, or any
 * port on the host's network) must not roll out with a {@code maxSurge} above 0. A rolling update
 * with a surge creates the new pod beside the old one and deletes the old one only once the new one
 * is available ({@code pkg/controller/daemon/update.go}); the new pod needs the port the old one
 * holds, so the scheduler leaves it Pending with {@code didn't have free ports} and the rollout
 * stalls for good. KEP-1591 meant validation to refuse this combination; it never did.
 */
final class HostPortSurge {

    /** The violation, when the DaemonSet surges a pod that takes a host port. */
    List<Violation> check(DaemonSetInput daemonSet) {
        if (!daemonSet.updateStrategy().surges() || daemonSet.hostPorts().isEmpty()) {
            return List.of();
        }
        HostPort port = daemonSet.hostPorts().get(0);
        int more = daemonSet.hostPorts().size() - 1;
        String ports =
                "host port " + port.display() + " (" + port.field() + ")" + (more == 0 ? "" : " and " + more + " more");
        return List.of(Violation.invalid(
                Rule.HOST_PORT_SURGE,
                UpdateStrategy.MAX_SURGE,
                daemonSet.updateStrategy().maxSurge(),
                "the pods take " + ports + ", so a surge pod can never be scheduled beside the pod it"
                        + " replaces, and every rolling update stalls; set maxSurge to 0"));
    }
}
