package dev.dswebhook.policy;

import java.util.List;
import java.util.Map;

/**
 * One container of a pod template, as far as the rules read it.
 *
 * @param init          whether it is an init container
 * @param restartPolicy its own {@code restartPolicy}, or {@code null}
 * @param ports         its ports as written
 * @param requests      {@code resources.requests} as written, by resource name; never {@code null}
 * @param limits        {@code resources.limits} as written, by resource name; never {@code null}
 */
public record ContainerInput(
        boolean init,
        String restartPolicy,
        List<HostPort.Declared> ports,
        Map<String, String> requests,
        Map<String, String> limits) {

    public ContainerInput {
        ports = ports == null || ports.isEmpty() ? List.of() : List.copyOf(ports);
        requests = requests == null || requests.isEmpty() ? Map.of() : Map.copyOf(requests);
        limits = limits == null || limits.isEmpty() ? Map.of() : Map.copyOf(limits);
    }

    /**
     * Whether it is a sidecar: an init container that restarts, and so keeps running beside the
     * others, holding its ports and its requests for the pod's whole life.
     */
    public boolean sidecar() {
        return init && "Always".equals(restartPolicy);
    }

    /** Whether it holds its ports while the pod runs: every container does, and the sidecars among init containers. */
    public boolean holdsItsPorts() {
        return !init || sidecar();
    }

    /** The containers and init containers of a pod spec held as a fabric8 model object, in order. */
    public static List<ContainerInput> of(io.fabric8.kubernetes.api.model.PodSpec spec) {
        List<ContainerInput> out = new java.util.ArrayList<>();
        if (spec != null) {
            read(spec.getContainers(), "spec.template.spec.containers", false, out);
            read(spec.getInitContainers(), "spec.template.spec.initContainers", true, out);
        }
        return out;
    }

    private static void read(
            List<io.fabric8.kubernetes.api.model.Container> containers,
            String path,
            boolean init,
            List<ContainerInput> out) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            io.fabric8.kubernetes.api.model.Container container = containers.get(i);
            List<HostPort.Declared> ports = new java.util.ArrayList<>(0);
            if (container.getPorts() != null) {
                for (int j = 0; j < container.getPorts().size(); j++) {
                    io.fabric8.kubernetes.api.model.ContainerPort port =
                            container.getPorts().get(j);
                    ports.add(new HostPort.Declared(
                            path + "[" + i + "].ports[" + j + "]",
                            port.getContainerPort(),
                            port.getHostPort(),
                            port.getProtocol(),
                            port.getHostIP()));
                }
            }
            var resources = container.getResources();
            out.add(new ContainerInput(
                    init,
                    container.getRestartPolicy(),
                    ports,
                    resources == null ? null : quantities(resources.getRequests()),
                    resources == null ? null : quantities(resources.getLimits())));
        }
    }

    /** Quantities as written, by resource name. */
    static Map<String, String> quantities(Map<String, io.fabric8.kubernetes.api.model.Quantity> from) {
        Map<String, String> out = new java.util.HashMap<>();
        if (from != null) {
            from.forEach((name, quantity) -> out.put(name, quantity == null ? null : quantity.toString()));
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /**
     * Its requests as the API server stores them: a resource with a limit and no request requests
     * its limit ({@code SetDefaults_Container}).
     */
    public Map<String, String> effectiveRequests() {
        if (limits.isEmpty()) {
            return requests;
        }
        Map<String, String> out = new java.util.HashMap<>(limits);
        out.putAll(requests);
        return out;
    }
}
