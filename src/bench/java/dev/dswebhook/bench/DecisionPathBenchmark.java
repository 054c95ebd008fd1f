package dev.dswebhook.bench;

import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.decode.JsonLimits;
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
 * The full decision path of one review, as the server runs it on the event loop: the request
 * bytes are read, judged and the reply bytes written.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DecisionPathBenchmark {

    @Param({"fluentd", "64k", "1m"})
    public String size;

    @Param({"validate", "mutate"})
    public String webhook;

    @Param({"allowed", "denied"})
    public String verdict;

    private byte[] body;
    private Webhook target;
    private AdmissionService service;

    @Setup
    public void setUp() {
        body = BenchReviews.review(size, verdict, "5c8e2f7a-1b3d-4e6f-8a9b-0c1d2e3f4a5b");
        target = Webhook.valueOf(webhook.toUpperCase());
        service = AdmissionService.create(new JsonLimits(128, 8 << 20, 100));
    }

    @Benchmark
    public byte[] decide() throws Exception {
        return service.handle(target, body).body();
    }
}
