package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A port a DaemonSet's pod takes on its Node: a container port's {@code hostPort}, or its
 * {@code containerPort} when the pod uses the host's network, as the API server defaults it.
 *
 * @param field    where it is, such as {@code spec.template.spec.containers[0].ports[0].hostPort}
 * @param port     the port on the Node
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}; {@code TCP} when unset
 * @param hostIP   the Node address it binds, empty for all of them
 */
public record HostPort(String field, int port, String protocol, String hostIP) {

    /**
     * A container port as written: where it is, and its fields, any of them absent.
     *
     * @param path          the port's path, such as {@code spec.template.spec.containers[0].ports[0]}
     * @param containerPort {@code containerPort}, or {@code null}
     * @param hostPort      {@code hostPort}, or {@code null}
     * @param protocol      {@code protocol}, or {@code null}
     * @param hostIP        {@code hostIP}, or {@code null}
     */
    public record Declared(String path, Integer containerPort, Integer hostPort, String protocol, String hostIP) {}

    /**
     * The ports a pod takes on its Node: each port's {@code hostPort} of the containers that hold
     * theirs, or, on the host's network, its {@code containerPort}, which is what the API server
     * defaults the host port to there.
     */
    public static List<HostPort> taken(List<ContainerInput> containers, boolean hostNetwork) {
        List<HostPort> out = new ArrayList<>();
        for (ContainerInput container : containers) {
            if (!container.holdsItsPorts()) {
                continue;
            }
            for (Declared port : container.ports()) {
                int hostPort = port.hostPort() == null ? 0 : port.hostPort();
                if (hostPort == 0 && hostNetwork && port.containerPort() != null) {
                    hostPort = port.containerPort();
                }
                if (hostPort > 0) {
                    out.add(new HostPort(port.path() + ".hostPort", hostPort, port.protocol(), port.hostIP()));
                }
            }
        }
        return out;
    }

    public HostPort {
        // Field paths and protocols repeat across the workloads and DaemonSets the cache keeps.
        field = Interned.string(field);
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : Interned.string(protocol);
        hostIP = hostIP == null ? "" : hostIP;
    }

    /**
     * How messages show it: {@code 9100/TCP}, or {@code 10.0.0.1:9100/TCP} when bound to one
     * address, {@code [fd00::1]:9100/TCP} for an IPv6 one.
     */
    public String display() {
        String address = hostIP.contains(":") ? "[" + hostIP + "]" : hostIP;
        return (hostIP.isEmpty() ? "" : address + ":") + port + "/" + protocol;
    }

    /**
     * Whether two pods holding these could not share a Node, as the scheduler's node-ports check
     * decides: the same port and protocol, and the same address or either bound to all of them.
     */
    public boolean conflictsWith(HostPort other) {
        return port == other.port
                && protocol.equals(other.protocol)
                && (hostIP.equals(other.hostIP) || allAddresses(hostIP) || allAddresses(other.hostIP));
    }

    private static boolean allAddresses(String ip) {
        return ip.isEmpty() || ip.equals("0.0.0.0");
    }
}
