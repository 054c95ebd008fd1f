package dev.dswebhook.cluster;

import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Measures what the webhook's cache keeps per Node against what an informer would keep of the
 * whole object, on Nodes shaped like a managed cloud's: each parsed from its own JSON text, as a
 * list or a watch event delivers it, then compacted into the store the informer uses.
 *
 * <p>Then, per kind of a large cluster ({@link ClusterShapes}), the bytes the cache retains per
 * object: each kind's objects parsed from JSON text and put through a {@link CompactStore} with
 * what the webhook's informers keep of them, the stores of the kinds before it still held, as the
 * webhook holds them all at once.
 *
 * <p>Run with a serial collector so that the heap after a full collection is what is retained:
 * {@code java -XX:+UseSerialGC -cp ... dev.dswebhook.cluster.CacheFootprint [objects per kind]}.
 */
public final class CacheFootprint {

    private CacheFootprint() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(nodeJson(i));
        }
        long base = retained();
        List<Node> full = new ArrayList<>(count);
        for (String text : texts) {
            full.add(Serialization.unmarshal(text, Node.class));
        }
        long fullBytes = retained() - base;
        full = null;

        base = retained();
        CompactStore<Node, ClusterView.Node> store = new CompactStore<>(Node::new, ClusterObjects::node);
        for (String text : texts) {
            Node node = Serialization.unmarshal(text, Node.class);
            store.put(store.getKey(node), node);
        }
        long compactBytes = retained() - base;
        if (store.size() != count) {
            throw new IllegalStateException("the store holds " + store.size() + " Nodes, not " + count);
        }
        System.out.printf(
                Locale.ROOT,
                "Nodes: %d; JSON text %d bytes each%n"
                        + "whole fabric8 Node: %,d bytes per Node%n"
                        + "webhook cache:      %,d bytes per Node (%.3f of the whole object)%n",
                count,
                texts.get(0).length(),
                fullBytes / count,
                compactBytes / count,
                (double) compactBytes / fullBytes);
        store = null;

        List<CompactStore<?, ?>> kept = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%nRetained by the webhook cache, %d objects of each kind:%n", count);
        System.out.println("| Kind | JSON bytes each | Bytes per object |");
        System.out.println("| --- | --- | --- |");
        kept.add(perKind(
                "Node, cloud-shaped", count, CacheFootprint::nodeJson, Node.class, Node::new, ClusterObjects::node));
        kept.add(perKind(
                "Node, large cluster", count, ClusterShapes::node, Node.class, Node::new, ClusterObjects::node));
        kept.add(perKind(
                "Deployment",
                count,
                ClusterShapes::deployment,
                Deployment.class,
                Deployment::new,
                CacheFootprint::workload));
        kept.add(perKind(
                "ReplicaSet owned by a Deployment, running",
                count,
                i -> ClusterShapes.ownedReplicaSet(i, true),
                ReplicaSet.class,
                ReplicaSet::new,
                CacheFootprint::workload));
        kept.add(perKind(
                "ReplicaSet owned by a Deployment, scaled down",
                count,
                i -> ClusterShapes.ownedReplicaSet(i, false),
                ReplicaSet.class,
                ReplicaSet::new,
                CacheFootprint::workload));
        kept.add(perKind(
                "DaemonSet",
                count,
                ClusterShapes::daemonSet,
                DaemonSet.class,
                DaemonSet::new,
                ClusterObjects::daemonSet));
        System.out.println("(" + kept.size() + " stores held)");
    }

    /** What the informers of workload controllers keep, as {@code InformerCluster} builds it. */
    private static ClusterView.Workload workload(HasMetadata object) {
        return ClusterObjects.workload(object).orElse(null);
    }

    /** Puts {@code count} objects of one kind through a compact store and prints the bytes it retains per object. */
    private static <T extends HasMetadata, R> CompactStore<T, R> perKind(
            String kind, int count, IntFunction<String> json, Class<T> type, Supplier<T> stub, Function<T, R> compact)
            throws InterruptedException {
        List<String> texts = new ArrayList<>(count);
        long jsonChars = 0;
        for (int i = 0; i < count; i++) {
            texts.add(json.apply(i));
            jsonChars += texts.get(i).length();
        }
        // Jackson's deserializers for the kind, built on its first parse, are not the cache's.
        compact.apply(Serialization.unmarshal(texts.get(0), type));
        long base = retained();
        CompactStore<T, R> store = new CompactStore<>(stub, compact);
        for (String text : texts) {
            T object = Serialization.unmarshal(text, type);
            store.put(store.getKey(object), object);
        }
        long bytes = retained() - base;
        if (store.size() != count) {
            throw new IllegalStateException("the store holds " + store.size() + " " + kind + ", not " + count);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d |%n", kind, jsonChars / count, bytes / count);
        return store;
    }

    private static long retained() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * A worker Node of a managed cluster as its kubelet and cloud controller report it: 20 labels,
     * one taint, capacity and allocatable, five conditions, addresses, the node info, 25 images
     * and the managed fields of four writers. Names and addresses differ per Node; the rest repeats,
     * as it does in a node group.
     */
    public static String nodeJson(int i) {
        String name = String.format(
                Locale.ROOT, "ip-10-%d-%d-%d.eu-west-1.compute.internal", i / 65536, (i / 256) % 256, i % 256);
        StringBuilder images = new StringBuilder();
        for (int k = 0; k < 25; k++) {
            if (k > 0) {
                images.append(',');
            }
            images.append(String.format(
                    Locale.ROOT,
                    "{\"names\":[\"602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/component-%d@sha256:%064x\","
                            + "\"602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/component-%d:v1.%d.%d-eksbuild.1\"],"
                            + "\"sizeBytes\":%d}",
                    k,
                    (long) k * 7919 + 17,
                    k,
                    20 + k,
                    k % 7,
                    30_000_000L + k * 1_234_567L));
        }
        String managedFields = """
            [{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-11-30T08:00:00Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:annotations":{".":{},"f:node.alpha.kubernetes.io/ttl":{},"f:volumes.kubernetes.io/controller-managed-attach-detach":{}},
              "f:labels":{".":{},"f:beta.kubernetes.io/arch":{},"f:beta.kubernetes.io/os":{},"f:kubernetes.io/arch":{},"f:kubernetes.io/hostname":{},"f:kubernetes.io/os":{}}},
              "f:spec":{"f:providerID":{}}}},
             {"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2026-12-04T10:00:00Z","fieldsType":"FieldsV1","subresource":"status",
              "fieldsV1":{"f:status":{"f:allocatable":{"f:cpu":{},"f:ephemeral-storage":{},"f:memory":{},"f:pods":{}},"f:capacity":{"f:cpu":{},"f:memory":{}},
              "f:conditions":{"k:{\\"type\\":\\"DiskPressure\\"}":{"f:lastHeartbeatTime":{}},"k:{\\"type\\":\\"MemoryPressure\\"}":{"f:lastHeartbeatTime":{}},
              "k:{\\"type\\":\\"PIDPressure\\"}":{"f:lastHeartbeatTime":{}},"k:{\\"type\\":\\"Ready\\"}":{"f:lastHeartbeatTime":{},"f:lastTransitionTime":{}}},
              "f:images":{},"f:nodeInfo":{"f:bootID":{}}}}},
             {"manager":"aws-cloud-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-11-30T08:00:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{"f:node.kubernetes.io/instance-type":{},"f:topology.kubernetes.io/region":{},"f:topology.kubernetes.io/zone":{}}}}},
             {"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":"2026-11-30T08:00:10Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:annotations":{"f:node.alpha.kubernetes.io/ttl":{}}},"f:spec":{"f:podCIDR":{},"f:podCIDRs":{".":{},"v:\\"10.100.4.0/24\\"":{}}}}}]
            """;
        String conditions = """
            [{"type":"MemoryPressure","status":"False","lastHeartbeatTime":"2026-12-04T10:00:00Z","lastTransitionTime":"2026-11-30T08:00:00Z","reason":"KubeletHasSufficientMemory","message":"kubelet has sufficient memory available"},
             {"type":"DiskPressure","status":"False","lastHeartbeatTime":"2026-12-04T10:00:00Z","lastTransitionTime":"2026-11-30T08:00:00Z","reason":"KubeletHasNoDiskPressure","message":"kubelet has no disk pressure"},
             {"type":"PIDPressure","status":"False","lastHeartbeatTime":"2026-12-04T10:00:00Z","lastTransitionTime":"2026-11-30T08:00:00Z","reason":"KubeletHasSufficientPID","message":"kubelet has sufficient PID available"},
             {"type":"Ready","status":"True","lastHeartbeatTime":"2026-12-04T10:00:00Z","lastTransitionTime":"2026-11-30T08:00:30Z","reason":"KubeletReady","message":"kubelet is posting ready status"},
             {"type":"NetworkUnavailable","status":"False","lastHeartbeatTime":"2026-11-30T08:00:20Z","lastTransitionTime":"2026-11-30T08:00:20Z","reason":"RouteCreated","message":"route created"}]
            """;
        return """
            {"apiVersion":"v1","kind":"Node",
             "metadata":{"name":"%1$s","uid":"5b0c%2$08x-7f3e-4c1a-9d2e-0242ac1%2$05x","resourceVersion":"%3$d","creationTimestamp":"2026-11-30T08:00:00Z",
               "annotations":{"alpha.kubernetes.io/provided-node-ip":"10.0.%4$d.%5$d","node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"},
               "labels":{"beta.kubernetes.io/arch":"amd64","beta.kubernetes.io/instance-type":"m6i.2xlarge","beta.kubernetes.io/os":"linux",
                 "eks.amazonaws.com/capacityType":"ON_DEMAND","eks.amazonaws.com/nodegroup":"general-purpose","eks.amazonaws.com/nodegroup-image":"ami-0c55b159cbfafe1f0",
                 "eks.amazonaws.com/sourceLaunchTemplateId":"lt-0a1b2c3d4e5f67890","eks.amazonaws.com/sourceLaunchTemplateVersion":"3",
                 "failure-domain.beta.kubernetes.io/region":"eu-west-1","failure-domain.beta.kubernetes.io/zone":"eu-west-1b",
                 "k8s.io/cloud-provider-aws":"a94967527effcefb5f5829f529c0a1b9","kubernetes.io/arch":"amd64","kubernetes.io/hostname":"%1$s",
                 "kubernetes.io/os":"linux","node.kubernetes.io/instance-type":"m6i.2xlarge","topology.ebs.csi.aws.com/zone":"eu-west-1b",
                 "topology.k8s.aws/zone-id":"euw1-az2","topology.kubernetes.io/region":"eu-west-1","topology.kubernetes.io/zone":"eu-west-1b",
                 "team":"platform"},
               "managedFields":%6$s},
             "spec":{"providerID":"aws:///eu-west-1b/i-0%2$016x","podCIDR":"10.100.4.0/24","podCIDRs":["10.100.4.0/24"],
               "taints":[{"key":"dedicated","value":"platform","effect":"NoSchedule"}]},
             "status":{"capacity":{"cpu":"8","ephemeral-storage":"104845292Ki","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"32386544Ki","pods":"58"},
               "allocatable":{"cpu":"7910m","ephemeral-storage":"95551679124","hugepages-1Gi":"0","hugepages-2Mi":"0","memory":"31369712Ki","pods":"58"},
               "conditions":%7$s,
               "addresses":[{"type":"InternalIP","address":"10.0.%4$d.%5$d"},{"type":"InternalDNS","address":"%1$s"},{"type":"Hostname","address":"%1$s"}],
               "daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},
               "nodeInfo":{"machineID":"ec2%2$029x","systemUUID":"ec2%2$029x","bootID":"b%2$031x","kernelVersion":"6.1.115-126.197.amzn2023.x86_64",
                 "osImage":"Amazon Linux 2023.6.20241121","containerRuntimeVersion":"containerd://1.7.23","kubeletVersion":"v1.34.2-eks-1234567",
                 "kubeProxyVersion":"v1.34.2-eks-1234567","operatingSystem":"linux","architecture":"amd64"},
               "images":[%8$s]}}
            """.formatted(name, i, 1_000_000 + i, (i / 256) % 256, i % 256, managedFields, conditions, images);
    }
}
