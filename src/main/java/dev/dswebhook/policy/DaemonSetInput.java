package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import java.util.List;
import java.util.Map;

/**
 * What the policy reads of one DaemonSet, and all that it reads. A decoder fills exactly this, so
 * a rule that needs another field does not compile until the decoders provide it.
 *
 * @param name           {@code metadata.name}, empty when absent
 * @param namespace      {@code metadata.namespace}, empty when absent
 * @param depth          how far the object reaches towards {@code spec.template.spec}
 * @param selector       {@code spec.selector}, or {@code null} when absent
 * @param templateLabels {@code spec.template.metadata.labels}, or {@code null} when absent (the
 *                       API server prints absent labels as {@code null}, an empty map as {@code {}})
 * @param restartPolicy  {@code spec.template.spec.restartPolicy}, or {@code null} when absent
 * @param placement      the Nodes its pods may run on, by targeting and tolerations
 * @param hostPorts      the ports its pods take on their Node, from the containers and the
 *                       sidecar (restartable init) containers
 * @param priorityClassName {@code spec.template.spec.priorityClassName}, empty when absent
 * @param updateStrategy {@code spec.updateStrategy}
 * @param requests       what each of its pods requests of its Node
 * @param shapeErrors    values of the wrong JSON type met while decoding, each at its field path;
 *                       when there are any, the object is not judged
 */
public record DaemonSetInput(
        String name,
        String namespace,
        Depth depth,
        LabelSelector selector,
        Map<String, String> templateLabels,
        String restartPolicy,
        Placement placement,
        List<HostPort> hostPorts,
        String priorityClassName,
        UpdateStrategy updateStrategy,
        PodRequests requests,
        List<Violation> shapeErrors) {

    /** How far an object reaches towards its pod spec, which decides where a default goes. */
    public enum Depth {
        /** No {@code spec}. */
        NO_SPEC,
        /** A {@code spec} without {@code template}. */
        NO_TEMPLATE,
        /** A {@code template} without {@code spec}. */
        NO_POD_SPEC,
        /** A pod spec. */
        POD_SPEC
    }

    public DaemonSetInput {
        name = name == null ? "" : name;
        namespace = namespace == null ? "" : namespace;
        placement = placement == null ? Placement.ANY_DAEMON : placement;
        hostPorts = List.copyOf(hostPorts);
        priorityClassName = priorityClassName == null ? "" : priorityClassName;
        updateStrategy = updateStrategy == null ? UpdateStrategy.DEFAULT : updateStrategy;
        requests = requests == null ? PodRequests.NONE : requests;
        shapeErrors = List.copyOf(shapeErrors);
    }

    /** Whether the object had the shape of a DaemonSet wherever the policy looks. */
    public boolean wellFormed() {
        return shapeErrors.isEmpty();
    }

    /**
     * The input for a DaemonSet held as a fabric8 model object, such as one bound by fabric8's own
     * mapping or one from an informer. The model starts every map empty, so absent template
     * labels read as an empty map here, and not as {@code null} as a decoder of the JSON reads them.
     */
    public static DaemonSetInput of(DaemonSet daemonSet) {
        ObjectMeta metadata = daemonSet.getMetadata();
        DaemonSetSpec spec = daemonSet.getSpec();
        PodTemplateSpec template = spec == null ? null : spec.getTemplate();
        PodSpec podSpec = template == null ? null : template.getSpec();
        List<ContainerInput> containers = ContainerInput.of(podSpec);
        Depth depth = spec == null
                ? Depth.NO_SPEC
                : template == null ? Depth.NO_TEMPLATE : podSpec == null ? Depth.NO_POD_SPEC : Depth.POD_SPEC;
        return new DaemonSetInput(
                metadata == null ? "" : metadata.getName(),
                metadata == null ? "" : metadata.getNamespace(),
                depth,
                spec == null ? null : spec.getSelector(),
                template == null || template.getMetadata() == null
                        ? null
                        : template.getMetadata().getLabels(),
                podSpec == null ? null : podSpec.getRestartPolicy(),
                Placement.of(podSpec, true),
                HostPort.taken(containers, podSpec != null && Boolean.TRUE.equals(podSpec.getHostNetwork())),
                podSpec == null ? null : podSpec.getPriorityClassName(),
                updateStrategy(spec),
                PodRequests.of(containers, podSpec == null ? null : ContainerInput.quantities(podSpec.getOverhead())),
                List.of());
    }

    private static UpdateStrategy updateStrategy(DaemonSetSpec spec) {
        var strategy = spec == null ? null : spec.getUpdateStrategy();
        if (strategy == null) {
            return UpdateStrategy.DEFAULT;
        }
        var surge = strategy.getRollingUpdate() == null
                ? null
                : strategy.getRollingUpdate().getMaxSurge();
        Object maxSurge =
                surge == null ? null : surge.getIntVal() != null ? (Object) surge.getIntVal() : surge.getStrVal();
        return new UpdateStrategy(strategy.getType(), maxSurge);
    }

    /** The same DaemonSet in another namespace, such as the one a request or {@code kubectl -n} gives it. */
    public DaemonSetInput inNamespace(String namespace) {
        return new DaemonSetInput(
                name,
                namespace,
                depth,
                selector,
                templateLabels,
                restartPolicy,
                placement,
                hostPorts,
                priorityClassName,
                updateStrategy,
                requests,
                shapeErrors);
    }

    /** How this DaemonSet is named in another's message: {@code DaemonSet "name"}, with the namespace when it differs. */
    public String displayName(String fromNamespace) {
        return "DaemonSet \"" + (namespace.equals(fromNamespace) ? name : namespace + "/" + name) + "\"";
    }
}
