package dev.dswebhook.observe;

import dev.dswebhook.admission.Decision;
import dev.dswebhook.admission.Operation;
import dev.dswebhook.admission.Verdict;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.cluster.InformerCluster;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.Rule;
import dev.dswebhook.policy.Violation;
import dev.dswebhook.tls.CertificateReloader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook's Prometheus metrics, all under the {@code daemonset_webhook_} prefix.
 *
 * <p>Every label takes a bounded set of values (webhook, operation, outcome, HTTP code, rule,
 * enforcement); names of namespaces, objects and users never become labels. Meters are created
 * once per label set and cached, so recording a request allocates nothing.
 */
@Singleton
public class WebhookMetrics {

    /** Latency buckets from half a millisecond to the webhook's 3 s timeout and past it. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5)
    };

    private record RequestKey(Webhook webhook, String operation, String outcome, int code) {}

    private record ViolationKey(Rule rule, EnforcementMode mode) {}

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Webhook, Timer> latency = new EnumMap<>(Webhook.class);
    private final Map<Webhook, AtomicInteger> inFlight = new EnumMap<>(Webhook.class);
    private final Map<ViolationKey, Counter> violations = new ConcurrentHashMap<>();
    private final Counter patches;
    private final Map<Rule, Counter> clusterRulesSkipped = new EnumMap<>(Rule.class);
    /** What gauges and function counters read, kept reachable here. */
    private final java.util.List<Object> observed = new java.util.concurrent.CopyOnWriteArrayList<>();

    WebhookMetrics(
            MeterRegistry registry,
            CertificateReloader certificates,
            StandardOutput stdout,
            DecisionLog decisions,
            ClusterView cluster) {
        this.registry = registry;
        for (Rule rule : Rule.values()) {
            if (rule.seesTheCluster()) {
                clusterRulesSkipped.put(
                        rule,
                        Counter.builder("daemonset.webhook.cluster.rules.skipped")
                                .description("Validations that skipped a cluster-aware rule because a kind it reads"
                                        + " was not trusted, by rule")
                                .tag("rule", rule.id())
                                .register(registry));
            }
        }
        if (cluster instanceof InformerCluster informers) {
            for (InformerCluster.KindStatus kind : informers.status()) {
                String name = kind.kind();
                Gauge.builder("daemonset.webhook.cluster.objects", informers, i -> objects(i, name))
                        .description("Objects in the webhook's cache of the cluster, by kind")
                        .tag("kind", name)
                        .register(registry);
                Gauge.builder("daemonset.webhook.cluster.watching", informers, i -> watching(i, name))
                        .description("1 while the watch of a kind is up and its cache synced, else 0")
                        .tag("kind", name)
                        .register(registry);
            }
            observed.add(informers);
        }
        for (LogOutput.Source source : LogOutput.Source.values()) {
            LogOutput output = source == LogOutput.Source.DECISION ? decisions.output() : stdout.output();
            FunctionCounter.builder("daemonset.webhook.log.lines.dropped", output, o -> o.dropped(source))
                    .description("Log lines dropped because the log stream did not keep up")
                    .tag("log", source.id())
                    .register(registry);
        }
        for (Webhook webhook : Webhook.values()) {
            latency.put(
                    webhook,
                    Timer.builder("daemonset.webhook.latency")
                            .description("Time from the first byte of a review to the last byte of the reply")
                            .tag("webhook", webhook.id())
                            .serviceLevelObjectives(LATENCY_BUCKETS)
                            .register(registry));
            AtomicInteger gauge = new AtomicInteger();
            inFlight.put(webhook, gauge);
            Gauge.builder("daemonset.webhook.requests.in.flight", gauge, AtomicInteger::get)
                    .description("Reviews being answered right now")
                    .tag("webhook", webhook.id())
                    .register(registry);
        }
        for (Rule rule : Rule.values()) {
            violation(rule, EnforcementMode.ENFORCE);
            violation(rule, EnforcementMode.WARN);
        }
        patches = Counter.builder("daemonset.webhook.patches")
                .description("Patches returned by the mutating webhook")
                .register(registry);
        FunctionCounter.builder("daemonset.webhook.certificate.reloads", certificates, CertificateReloader::reloads)
                .description("Reloads that changed the serving certificate")
                .tag("result", "success")
                .register(registry);
        FunctionCounter.builder("daemonset.webhook.certificate.reloads", certificates, CertificateReloader::failures)
                .description("Reloads refused because the new material did not check out")
                .tag("result", "failure")
                .register(registry);
        Gauge.builder(
                        "daemonset.webhook.certificate.expiry.timestamp",
                        certificates,
                        c -> c.current() == null
                                ? Double.NaN
                                : c.current().leaf().getNotAfter().getTime() / 1000.0)
                .description("When the serving certificate expires, in seconds since the epoch")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * The HTTPS server's connections: how many are open, and how many it closed, by reason
     * ({@code source-limit}, {@code capacity}, {@code head-timeout}, {@code idle-timeout}, {@code refused}).
     */
    public void connections(java.util.function.IntSupplier open, Map<String, java.util.function.LongSupplier> closed) {
        Gauge.builder("daemonset.webhook.connections.open", open, o -> o.getAsInt())
                .description("Connections open on the webhooks' HTTPS port")
                .strongReference(true)
                .register(registry);
        closed.forEach((reason, count) -> FunctionCounter.builder(
                        "daemonset.webhook.connections.closed", count, c -> c.getAsLong())
                .description("Connections the server closed to share its slots: by source limit, at capacity, "
                        + "after the head or idle timeout, or refused")
                .tag("reason", reason)
                .register(registry));
        // Micrometer holds the objects it reads weakly; these lambdas have no other owner.
        observed.add(open);
        observed.addAll(closed.values());
    }

    /** The memory budget for bodies: bytes held now, and bodies waiting for room. */
    public void bodies(java.util.function.LongSupplier held, java.util.function.IntSupplier waiting) {
        Gauge.builder("daemonset.webhook.body.bytes.in.flight", held, h -> h.getAsLong())
                .description("Request-body bytes held in memory now, against webhook.server.in-flight-bytes")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        Gauge.builder("daemonset.webhook.body.waiting", waiting, w -> w.getAsInt())
                .description("Request bodies waiting for room in webhook.server.in-flight-bytes")
                .strongReference(true)
                .register(registry);
    }

    /** A review arrived. */
    public void started(Webhook webhook) {
        inFlight.get(webhook).incrementAndGet();
    }

    /** A review was answered, or failed, with this HTTP code; {@code decision} is null when none was reached. */
    public void finished(Webhook webhook, Decision decision, int code, long nanos) {
        inFlight.get(webhook).decrementAndGet();
        latency.get(webhook).record(nanos, TimeUnit.NANOSECONDS);
        if (decision == null) {
            counterFor(webhook, "unknown", "error", code).increment();
            return;
        }
        Operation operation = decision.request().operation();
        Verdict verdict = decision.verdict();
        Counter counter = counterFor(webhook, operation.name(), verdict.id(), code);
        counter.increment();
        for (Violation violation : decision.denied()) {
            violation(violation.rule(), EnforcementMode.ENFORCE).increment();
        }
        for (Violation violation : decision.warned()) {
            violation(violation.rule(), EnforcementMode.WARN).increment();
        }
        if (decision.patched()) {
            patches.increment();
        }
        decision.skipped()
                .reasons()
                .keySet()
                .forEach(rule -> clusterRulesSkipped.get(rule).increment());
    }

    private static double objects(InformerCluster informers, String kind) {
        return informers.status().stream()
                .filter(s -> s.kind().equals(kind))
                .mapToInt(InformerCluster.KindStatus::objects)
                .sum();
    }

    private static double watching(InformerCluster informers, String kind) {
        return informers.status().stream().anyMatch(s -> s.kind().equals(kind) && s.synced() && s.watching()) ? 1 : 0;
    }

    private Counter counterFor(Webhook webhook, String operation, String outcome, int code) {
        return requests.computeIfAbsent(new RequestKey(webhook, operation, outcome, code), this::newRequestCounter);
    }

    private Counter newRequestCounter(RequestKey key) {
        return Counter.builder("daemonset.webhook.requests")
                .description("Reviews answered, by webhook, operation, outcome and HTTP code")
                .tag("webhook", key.webhook().id())
                .tag("operation", key.operation())
                .tag("outcome", key.outcome())
                .tag("code", Integer.toString(key.code()))
                .register(registry);
    }

    private Counter violation(Rule rule, EnforcementMode mode) {
        return violations.computeIfAbsent(
                new ViolationKey(rule, mode),
                key -> Counter.builder("daemonset.webhook.violations")
                        .description("Broken rules, by rule and by whether they denied or only warned")
                        .tag("rule", key.rule().id())
                        .tag("enforcement", key.mode() == EnforcementMode.ENFORCE ? "deny" : "warn")
                        .register(registry));
    }
}
