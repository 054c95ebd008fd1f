package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the cluster-aware rules need from fabric8 model objects: a workload controller's
 * kind, name, replicas and pod template (labels, placement, host ports, priority class), a Node's
 * name, labels, taints and whether it is cordoned, and a priority class. The webhook's informers
 * and the {@code check} command both read the rest of the cluster through here.
 */
public final class ClusterObjects {

    private ClusterObjects() {}

    /**
     * The workload controller an object is, among those {@code selector-overlap} compares against,
     * or empty for any other object. A ReplicaSet that a Deployment controls is that Deployment's
     * (its pods are the Deployment's); one scaled to zero by it, an old revision, has no pods.
     */
    public static Optional<ClusterView.Workload> workload(HasMetadata object) {
        if (object instanceof Deployment deployment && deployment.getSpec() != null) {
            return of(
                    "Deployment",
                    object.getMetadata(),
                    deployment.getSpec().getReplicas(),
                    deployment.getSpec().getTemplate());
        }
        if (object instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
            return of(
                    "StatefulSet",
                    object.getMetadata(),
                    statefulSet.getSpec().getReplicas(),
                    statefulSet.getSpec().getTemplate());
        }
        if (object instanceof ReplicationController controller && controller.getSpec() != null) {
            return of(
                    "ReplicationController",
                    object.getMetadata(),
                    controller.getSpec().getReplicas(),
                    controller.getSpec().getTemplate());
        }
        if (object instanceof ReplicaSet replicaSet && replicaSet.getSpec() != null) {
            Optional<String> deployment = controllingDeployment(object.getMetadata());
            Integer replicas = replicaSet.getSpec().getReplicas();
            if (deployment.isEmpty()) {
                return of(
                        "ReplicaSet",
                        object.getMetadata(),
                        replicas,
                        replicaSet.getSpec().getTemplate());
            }
            if (replicas != null && replicas == 0) {
                return Optional.empty();
            }
            return of(
                    "Deployment",
                    object.getMetadata().getNamespace(),
                    deployment.get(),
                    replicas,
                    replicaSet.getSpec().getTemplate());
        }
        return Optional.empty();
    }

    /**
     * A DaemonSet as the cache keeps it: what {@link DaemonSetInput#of} reads, with the strings
     * that repeat across DaemonSets shared. Its template labels and selector lose their order,
     * which only the messages about the DaemonSet under review show.
     */
    public static DaemonSetInput daemonSet(DaemonSet daemonSet) {
        DaemonSetInput input = DaemonSetInput.of(daemonSet);
        return new DaemonSetInput(
                input.name(),
                Interned.string(input.namespace()),
                input.depth(),
                kept(input.selector()),
                input.templateLabels() == null ? null : Interned.map(input.templateLabels()),
                Interned.string(input.restartPolicy()),
                input.placement(),
                input.hostPorts(),
                Interned.string(input.priorityClassName()),
                strategy(input.updateStrategy()),
                input.requests(),
                input.shapeErrors());
    }

    private static UpdateStrategy strategy(UpdateStrategy strategy) {
        if (strategy.equals(UpdateStrategy.DEFAULT)) {
            return UpdateStrategy.DEFAULT;
        }
        Object maxSurge = strategy.maxSurge() instanceof String surge ? Interned.string(surge) : strategy.maxSurge();
        return new UpdateStrategy(Interned.string(strategy.type()), maxSurge);
    }

    private static LabelSelector kept(LabelSelector selector) {
        if (selector == null) {
            return null;
        }
        List<LabelSelectorRequirement> expressions = new ArrayList<>(0);
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                expressions.add(new LabelSelectorRequirement(
                        Interned.string(requirement.getKey()),
                        Interned.string(requirement.getOperator()),
                        requirement.getValues() == null ? null : Interned.list(requirement.getValues())));
            }
        }
        return new LabelSelector(
                expressions, selector.getMatchLabels() == null ? null : Interned.map(selector.getMatchLabels()));
    }

    /**
     * Whether the API server would store a workload controller as written, as far as its selector
     * goes: apps/v1 kinds need a valid, non-empty selector that selects the pod template's labels;
     * a ReplicationController's selector defaults to those labels. One it would refuse never runs a pod.
     */
    public static boolean admissible(HasMetadata object) {
        PodTemplateSpec template;
        io.fabric8.kubernetes.api.model.LabelSelector selector;
        if (object instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
            selector = d.getSpec().getSelector();
        } else if (object instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
            selector = s.getSpec().getSelector();
        } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
            template = r.getSpec().getTemplate();
            selector = r.getSpec().getSelector();
        } else if (object instanceof ReplicationController c && c.getSpec() != null) {
            Map<String, String> labels = labels(c.getSpec().getTemplate());
            Map<String, String> wanted = c.getSpec().getSelector();
            return !labels.isEmpty()
                    && (wanted == null
                            || wanted.isEmpty()
                            || LabelSelectors.matches(LabelSelectors.equalTo(wanted), labels));
        } else {
            return object instanceof HasMetadata;
        }
        return selector != null
                && !LabelSelectors.isEmpty(selector)
                && LabelSelectors.validate(selector, "").isEmpty()
                && LabelSelectors.matches(selector, labels(template));
    }

    /** A Node, by name, labels, taints, whether it is cordoned, and what it offers pods. */
    public static ClusterView.Node node(io.fabric8.kubernetes.api.model.Node node) {
        ObjectMeta metadata = node.getMetadata();
        List<Taint> taints = new ArrayList<>(0);
        boolean unschedulable = false;
        if (node.getSpec() != null) {
            unschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            if (node.getSpec().getTaints() != null) {
                for (io.fabric8.kubernetes.api.model.Taint taint :
                        node.getSpec().getTaints()) {
                    taints.add(new Taint(taint.getKey(), taint.getValue(), taint.getEffect()));
                }
            }
        }
        Map<String, java.math.BigDecimal> allocatable = new java.util.HashMap<>();
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            for (String resource : ClusterView.Node.RESOURCES) {
                io.fabric8.kubernetes.api.model.Quantity amount =
                        node.getStatus().getAllocatable().get(resource);
                java.math.BigDecimal value = amount == null ? null : PodRequests.amount(amount.toString());
                if (value != null) {
                    allocatable.put(resource, value);
                }
            }
        }
        return new ClusterView.Node(
                metadata == null ? "" : metadata.getName(),
                metadata == null ? null : metadata.getLabels(),
                taints,
                unschedulable,
                allocatable);
    }

    /**
     * A pod, as the rules read it, or empty for one that has run to completion: a pod that
     * succeeded or failed holds no port, and no controller adopts it to run.
     */
    public static Optional<ClusterView.Pod> pod(io.fabric8.kubernetes.api.model.Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getMetadata() == null) {
            return Optional.empty();
        }
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        boolean owned = owners != null && owners.stream().anyMatch(owner -> Boolean.TRUE.equals(owner.getController()));
        return Optional.of(new ClusterView.Pod(
                pod.getMetadata().getName(),
                pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                owned));
    }

    /** A priority class. */
    public static ClusterView.PriorityClass priorityClass(
            io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass c) {
        return new ClusterView.PriorityClass(
                c.getMetadata() == null ? "" : c.getMetadata().getName(),
                c.getValue() == null ? 0 : c.getValue(),
                Boolean.TRUE.equals(c.getGlobalDefault()),
                !"Never".equals(c.getPreemptionPolicy()));
    }

    private static Optional<ClusterView.Workload> of(
            String kind, ObjectMeta metadata, Integer replicas, PodTemplateSpec template) {
        if (metadata == null) {
            return Optional.empty();
        }
        return of(kind, metadata.getNamespace(), metadata.getName(), replicas, template);
    }

    private static Optional<ClusterView.Workload> of(
            String kind, String namespace, String name, Integer replicas, PodTemplateSpec template) {
        io.fabric8.kubernetes.api.model.PodSpec spec = template == null ? null : template.getSpec();
        return Optional.of(new ClusterView.Workload(
                kind,
                namespace,
                name,
                labels(template),
                // The API server defaults an unset count to one pod.
                replicas == null ? 1 : replicas,
                Placement.of(spec, false),
                HostPort.taken(ContainerInput.of(spec), spec != null && Boolean.TRUE.equals(spec.getHostNetwork())),
                spec == null ? null : spec.getPriorityClassName()));
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template == null
                        || template.getMetadata() == null
                        || template.getMetadata().getLabels() == null
                ? Map.of()
                : template.getMetadata().getLabels();
    }

    private static Optional<String> controllingDeployment(ObjectMeta metadata) {
        List<OwnerReference> owners = metadata == null ? null : metadata.getOwnerReferences();
        if (owners == null) {
            return Optional.empty();
        }
        return owners.stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController())
                        && "Deployment".equals(owner.getKind())
                        && owner.getApiVersion() != null
                        && owner.getApiVersion().startsWith("apps/"))
                .map(OwnerReference::getName)
                .findFirst();
    }
}
