package dev.dswebhook.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the cache keeps of each object is what the rules read, with repeated strings held once. */
@DisplayName("What the cache keeps of cluster objects")
class ClusterObjectsTest {

    private static final String DAEMON_SET = """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"observability"},
         "spec":{"selector":{"matchLabels":{"app":"agent"},"matchExpressions":[{"key":"tier","operator":"In","values":["node"]}]},
           "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}},
           "template":{"metadata":{"labels":{"app":"agent","tier":"node"}},
             "spec":{"hostNetwork":true,"priorityClassName":"system-node-critical","restartPolicy":"Always",
               "nodeSelector":{"kubernetes.io/os":"linux"},
               "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                 {"matchExpressions":[{"key":"pool","operator":"In","values":["a","b"]}]}]}}},
               "tolerations":[{"key":"spot","operator":"Exists","effect":"NoSchedule"}],
               "containers":[{"name":"agent","image":"agent:1","ports":[{"containerPort":9100}],
                 "resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}
        """;

    private static final String OWNED = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet",
         "metadata":{"name":"web-5d4f8b7c9","namespace":"shop",
           "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u","controller":true}]},
         "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d4f8b7c9"}},
           "template":{"metadata":{"labels":{"app":"web","pod-template-hash":"5d4f8b7c9"}},
             "spec":{"containers":[{"name":"web","image":"web:1"}]}}}}
        """;

    @Test
    @DisplayName("a DaemonSet is kept equal to what the policy reads of it, its repeated strings shared")
    void aDaemonSetIsKeptAsReadWithSharedStrings() {
        DaemonSet one = Serialization.unmarshal(DAEMON_SET, DaemonSet.class);
        DaemonSet two = Serialization.unmarshal(DAEMON_SET, DaemonSet.class);
        DaemonSetInput keptOne = ClusterObjects.daemonSet(one);
        DaemonSetInput keptTwo = ClusterObjects.daemonSet(two);
        assertEquals(DaemonSetInput.of(one), keptOne);
        assertTrue(keptOne.updateStrategy().surges());
        assertSame(keptOne.namespace(), keptTwo.namespace());
        assertSame(keptOne.priorityClassName(), keptTwo.priorityClassName());
        assertSame(
                keptOne.selector().getMatchLabels().get("app"),
                keptTwo.selector().getMatchLabels().get("app"));
        assertSame(
                keptOne.selector().getMatchExpressions().get(0).getValues().get(0),
                keptTwo.selector().getMatchExpressions().get(0).getValues().get(0));
        assertSame(
                keptOne.placement().targeting().nodeSelector().get("kubernetes.io/os"),
                keptTwo.placement().targeting().nodeSelector().get("kubernetes.io/os"));
        assertSame(
                keptOne.placement().tolerations().get(0).key(),
                keptTwo.placement().tolerations().get(0).key());
    }

    @Test
    @DisplayName(
            "a ReplicaSet a Deployment controls is kept as that Deployment while it has pods, and as nothing once scaled down")
    void anOwnedReplicaSetIsTheDeploymentsOrNothing() {
        ReplicaSet running = Serialization.unmarshal(OWNED.formatted(2), ReplicaSet.class);
        ClusterView.Workload workload = ClusterObjects.workload(running).orElseThrow();
        assertEquals(
                new ClusterView.Workload(
                        "Deployment",
                        "shop",
                        "web",
                        Map.of("app", "web", "pod-template-hash", "5d4f8b7c9"),
                        2,
                        null,
                        List.of(),
                        ""),
                workload);
        assertSame(
                Placement.NOWHERE_IN_PARTICULAR,
                workload.placement(),
                "one placement for every workload that runs anywhere");
        ClusterView.Workload again = ClusterObjects.workload(
                        Serialization.unmarshal(OWNED.formatted(2), ReplicaSet.class))
                .orElseThrow();
        assertSame(workload.name(), again.name());
        assertSame(workload.templateLabels().get("app"), again.templateLabels().get("app"));
        assertTrue(ClusterObjects.workload(Serialization.unmarshal(OWNED.formatted(0), ReplicaSet.class))
                .isEmpty());
    }

    @Test
    @DisplayName("a Deployment with no targeting shares the placement of any pod that runs anywhere")
    void aDeploymentThatRunsAnywhereSharesItsPlacement() {
        Deployment deployment = Serialization.unmarshal("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
                 "spec":{"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}}}
                """, Deployment.class);
        assertSame(
                Placement.NOWHERE_IN_PARTICULAR,
                ClusterObjects.workload(deployment).orElseThrow().placement());
    }

    @Test
    @DisplayName("Nodes share their label keys and values and their taints' strings")
    void nodesShareTheirStrings() {
        String json = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"n%d","labels":{"kubernetes.io/os":"linux","pool":"spot"}},
             "spec":{"taints":[{"key":"spot","value":"true","effect":"NoSchedule"}]}}
            """;
        ClusterView.Node one = ClusterObjects.node(Serialization.unmarshal(json.formatted(1), Node.class));
        ClusterView.Node two = ClusterObjects.node(Serialization.unmarshal(json.formatted(2), Node.class));
        assertEquals(Map.of("kubernetes.io/os", "linux", "pool", "spot"), one.labels());
        assertSame(one.labels().get("pool"), two.labels().get("pool"));
        assertSame(one.taints().get(0).key(), two.taints().get(0).key());
        assertSame(one.taints().get(0).effect(), two.taints().get(0).effect());
    }
}
