package dev.dswebhook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dswebhook.cluster.CacheFootprint;
import dev.dswebhook.policy.ClusterObjects;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.Coverage;
import dev.dswebhook.policy.Placement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where one DaemonSet runs among a cluster's Nodes: what a metric of the Nodes each DaemonSet
 * skips would compute for every DaemonSet on every refresh. Run beside {@link
 * DecisionPathBenchmark}'s fluentd review, the cost of one admission decision, as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CoverageBenchmark {

    @Param({"500", "5000"})
    public int nodes;

    private Placement placement;
    private List<ClusterView.Node> cluster;

    @Setup
    public void setUp() throws Exception {
        byte[] review = BenchReviews.review("fluentd", "allowed", "5c8e2f7a-1b3d-4e6f-8a9b-0c1d2e3f4a5b");
        DaemonSet daemonSet = Serialization.unmarshal(
                new ObjectMapper().readTree(review).at("/request/object").toString(), DaemonSet.class);
        placement = dev.dswebhook.policy.DaemonSetInput.of(daemonSet).placement();
        cluster = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            cluster.add(ClusterObjects.node(Serialization.unmarshal(CacheFootprint.nodeJson(i), Node.class)));
        }
    }

    @Benchmark
    public Coverage coverage() {
        return Coverage.of(placement, cluster);
    }
}
