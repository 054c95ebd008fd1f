package dev.dswebhook.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The compact store keeps what the rules read, and answers the informer as fabric8's own store does. */
@DisplayName("The compact store behind each informer")
class CompactStoreTest {

    static ReplicaSet replicaSet(String namespace, String name, String version, String app) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withResourceVersion(version)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", app)
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build();
    }

    @Test
    @DisplayName("put, get, remove, keys and size agree with fabric8's own store, and hand back the resource version")
    void itAnswersTheInformerAsFabric8sStoreDoes() {
        CompactStore<ReplicaSet, String> compact = new CompactStore<>(
                ReplicaSet::new,
                rs -> rs.getSpec().getTemplate().getMetadata().getLabels().get("app"));
        BasicItemStore<ReplicaSet> basic = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
        List<ReplicaSet> writes = List.of(
                replicaSet("a", "web", "1", "web"),
                replicaSet("b", "web", "2", "web"),
                replicaSet("a", "web", "3", "web-v2"),
                replicaSet("a", "db", "4", "db"));
        for (ReplicaSet rs : writes) {
            ReplicaSet before = compact.put(compact.getKey(rs), rs);
            ReplicaSet expected = basic.put(basic.getKey(rs), rs);
            assertEquals(
                    expected == null ? null : expected.getMetadata().getResourceVersion(),
                    before == null ? null : before.getMetadata().getResourceVersion());
        }
        assertEquals(basic.size(), compact.size());
        assertEquals(
                basic.keySet().collect(Collectors.toSet()), compact.keySet().collect(Collectors.toSet()));
        assertEquals("3", compact.get("a/web").getMetadata().getResourceVersion());
        assertEquals("a", compact.get("a/web").getMetadata().getNamespace());
        assertEquals(Set.of("web-v2", "db"), Set.copyOf(compact.inNamespace("a")));
        assertEquals(Set.of("web-v2", "db", "web"), Set.copyOf(compact.all()));
        assertEquals("4", compact.remove("a/db").getMetadata().getResourceVersion());
        assertNull(compact.remove("a/db"));
        assertNull(compact.get("a/db"));
        assertEquals(List.of("web-v2"), compact.inNamespace("a"));
        assertEquals(Set.of("web-v2", "web"), Set.copyOf(compact.all()));
    }

    @Test
    @DisplayName("cluster-scoped objects are kept under no namespace, and the list of all is shared until a change")
    void clusterScopedObjectsAndTheSharedList() {
        CompactStore<Node, Map<String, String>> nodes =
                new CompactStore<>(Node::new, node -> node.getMetadata().getLabels());
        Node one = new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .withResourceVersion("7")
                .addToLabels("hw", "gpu")
                .endMetadata()
                .build();
        nodes.put(nodes.getKey(one), one);
        assertEquals("n1", nodes.getKey(one));
        assertNull(nodes.get("n1").getMetadata().getNamespace());
        List<Map<String, String>> first = nodes.all();
        assertSame(first, nodes.all(), "no change, no new list");
        nodes.remove("n1");
        assertEquals(List.of(), nodes.all());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "resource version \"{0}\"")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"1", "4829173", "922337203685477580", "9223372036854775807", "0", "007", "", "v2", "12a"})
    @DisplayName("a resource version comes back exactly as it was stored, a number or not")
    void resourceVersionsRoundTrip(String version) {
        CompactStore<ReplicaSet, String> store = new CompactStore<>(ReplicaSet::new, rs -> "kept");
        store.put("a/web", replicaSet("a", "web", version, "web"));
        assertEquals(version, store.get("a/web").getMetadata().getResourceVersion());
        assertEquals(
                version, store.values().findFirst().orElseThrow().getMetadata().getResourceVersion());
        assertEquals(List.of("a/web"), store.keySet().toList());
    }
}
