package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the cluster-aware rules need from fabric8 model objects: a workload controller's
 * kind, name and pod template labels, and a Node's name and labels. The webhook's informers and
 * the {@code check} command both read the rest of the cluster through here.
 */
public final class ClusterObjects {

    private ClusterObjects() {}

    /**
     * The workload controller an object is, among those {@code selector-overlap} compares against,
     * or empty for any other object. A ReplicaSet that a Deployment controls is that Deployment's
     * (its pods are the Deployment's); one scaled to zero by it, an old revision, has no pods to fight over.
     */
    public static Optional<ClusterView.Workload> workload(HasMetadata object) {
        if (object instanceof Deployment deployment && deployment.getSpec() != null) {
            return of("Deployment", object.getMetadata(), deployment.getSpec().getTemplate());
        }
        if (object instanceof StatefulSet statefulSet && statefulSet.getSpec() != null) {
            return of("StatefulSet", object.getMetadata(), statefulSet.getSpec().getTemplate());
        }
        if (object instanceof ReplicationController controller && controller.getSpec() != null) {
            return of(
                    "ReplicationController",
                    object.getMetadata(),
                    controller.getSpec().getTemplate());
        }
        if (object instanceof ReplicaSet replicaSet && replicaSet.getSpec() != null) {
            Optional<String> deployment = controllingDeployment(object.getMetadata());
            if (deployment.isEmpty()) {
                return of(
                        "ReplicaSet", object.getMetadata(), replicaSet.getSpec().getTemplate());
            }
            Integer replicas = replicaSet.getSpec().getReplicas();
            if (replicas != null && replicas == 0) {
                return Optional.empty();
            }
            PodTemplateSpec template = replicaSet.getSpec().getTemplate();
            return Optional.of(new ClusterView.Workload(
                    "Deployment", object.getMetadata().getNamespace(), deployment.get(), labels(template)));
        }
        return Optional.empty();
    }

    /** A Node, by name and labels. */
    public static ClusterView.Node node(io.fabric8.kubernetes.api.model.Node node) {
        ObjectMeta metadata = node.getMetadata();
        return new ClusterView.Node(
                metadata == null ? "" : metadata.getName(), metadata == null ? null : metadata.getLabels());
    }

    private static Optional<ClusterView.Workload> of(String kind, ObjectMeta metadata, PodTemplateSpec template) {
        if (metadata == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ClusterView.Workload(kind, metadata.getNamespace(), metadata.getName(), labels(template)));
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template == null || template.getMetadata() == null
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
