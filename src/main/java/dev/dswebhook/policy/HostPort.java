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
     * A container as written, as far as its ports go.
     *
     * @param init          whether it is an init container
     * @param restartPolicy its own {@code restartPolicy}, or {@code null}
     * @param ports         its ports
     */
    public record Container(boolean init, String restartPolicy, List<Declared> ports) {

        public Container {
            ports = List.copyOf(ports);
        }

        /**
         * Whether it holds its ports while the pod runs: every container does, and of the init
         * containers the sidecars, which restart and so keep running (the scheduler's {@code GetHostPorts});
         * an init container that runs to completion does not.
         */
        public boolean holdsItsPorts() {
            return !init || "Always".equals(restartPolicy);
        }
    }

    /**
     * The ports a pod takes on its Node: each port's {@code hostPort} of the containers that hold
     * theirs, or, on the host's network, its {@code containerPort}, which is what the API server
     * defaults the host port to there.
     */
    public static List<HostPort> taken(List<Container> containers, boolean hostNetwork) {
        List<HostPort> out = new ArrayList<>();
        for (Container container : containers) {
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

    /** The ports the pods of a pod spec held as a fabric8 model object take on their Node. */
    public static List<HostPort> taken(io.fabric8.kubernetes.api.model.PodSpec spec) {
        if (spec == null) {
            return List.of();
        }
        List<Container> containers = new ArrayList<>(0);
        declare(spec.getContainers(), "spec.template.spec.containers", false, containers);
        declare(spec.getInitContainers(), "spec.template.spec.initContainers", true, containers);
        return taken(containers, Boolean.TRUE.equals(spec.getHostNetwork()));
    }

    private static void declare(
            List<io.fabric8.kubernetes.api.model.Container> containers,
            String path,
            boolean init,
            List<Container> out) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            io.fabric8.kubernetes.api.model.Container container = containers.get(i);
            List<Declared> ports = new ArrayList<>(0);
            if (container.getPorts() != null) {
                for (int j = 0; j < container.getPorts().size(); j++) {
                    io.fabric8.kubernetes.api.model.ContainerPort port =
                            container.getPorts().get(j);
                    ports.add(new Declared(
                            path + "[" + i + "].ports[" + j + "]",
                            port.getContainerPort(),
                            port.getHostPort(),
                            port.getProtocol(),
                            port.getHostIP()));
                }
            }
            out.add(new Container(init, container.getRestartPolicy(), ports));
        }
    }

    public HostPort {
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
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
