package dev.dswebhook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.admission.AdmissionService;
import dev.dswebhook.admission.MalformedReviewException;
import dev.dswebhook.admission.Reply;
import dev.dswebhook.admission.Webhook;
import dev.dswebhook.config.WebhookConfig;
import dev.dswebhook.observe.DecisionLog;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs the decision path on synthetic reviews before the pod turns ready, so that the first real
 * reviews after a rollout or a scale-up do not pay for the JIT's first compilations.
 *
 * <p>A fresh JVM interprets the reader, the policy, the reply writer and the log encoder until it
 * has seen them often enough to compile them; measured through a real API server, that made the
 * first few hundred writes after a start cost several times what later ones cost
 * (src/bench/README.md). The warm-up plays a handful of reviews (allowed, denied, defaulted,
 * an update, a v1beta1 review) through the same {@link AdmissionService} and encodes their
 * decision lines, without writing them, on a thread of its own; readiness waits for it, so the
 * Service sends no review before it is done. Nothing it does is logged, counted or audited.
 */
@Readiness
@Singleton
public class Warmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    private final AdmissionService service;
    private final DecisionLog decisions;
    private final int rounds;
    private volatile boolean done;
    private volatile long tookMillis = -1;

    Warmup(AdmissionService service, DecisionLog decisions, WebhookConfig config) {
        this.service = service.withoutPods();
        this.decisions = decisions;
        this.rounds = config.warmup().rounds();
    }

    void start(@Observes StartupEvent started) {
        if (rounds == 0) {
            done = true;
            return;
        }
        Thread thread = new Thread(this::run, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        try {
            List<Sample> samples = samples();
            for (int round = 0; round < rounds; round++) {
                for (Sample sample : samples) {
                    // The two ways the routes hand a body over: one buffer, or a stream over several.
                    Reply reply = round % 2 == 0
                            ? service.handle(sample.webhook(), sample.review(), 0, sample.review().length)
                            : service.handle(sample.webhook(), new ByteArrayInputStream(sample.review()));
                    decisions.rehearse(sample.webhook(), reply.decision());
                }
            }
        } catch (MalformedReviewException | RuntimeException e) {
            // A warm-up that fails must not keep the pod unready: it only makes it slower at first.
            LOG.warnf("the warm-up stopped early: %s", e.toString());
        } finally {
            tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            done = true;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up")
                .status(done)
                .withData("rounds", rounds)
                .withData("tookMillis", tookMillis)
                .build();
    }

    /** One review to play, and the webhook it goes to. */
    record Sample(Webhook webhook, byte[] review) {}

    /** The reviews of one round, made from the DaemonSet of the Kubernetes documentation's example. */
    static List<Sample> samples() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode object;
        try (InputStream in = Warmup.class.getResourceAsStream("/warmup/daemonset.json")) {
            object = (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode allowed = object.deepCopy();
        ((ObjectNode) allowed.at("/spec/template/spec")).put("restartPolicy", "Always");
        ObjectNode denied = allowed.deepCopy();
        ((ObjectNode) denied.at("/spec/template/spec")).put("restartPolicy", "OnFailure");
        ((ObjectNode) denied.at("/spec/template/metadata/labels")).put("name", "fluentd");
        ObjectNode changed = allowed.deepCopy();
        ((ObjectNode) changed.at("/spec/template/spec/containers/0")).put("image", "fluentd:v2.6.0");

        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(Webhook.MUTATE, review(json, "v1", "CREATE", object, null)));
        samples.add(new Sample(Webhook.VALIDATE, review(json, "v1", "CREATE", allowed, null)));
        samples.add(new Sample(Webhook.VALIDATE, review(json, "v1", "CREATE", denied, null)));
        samples.add(new Sample(Webhook.MUTATE, review(json, "v1", "UPDATE", changed, allowed)));
        samples.add(new Sample(Webhook.VALIDATE, review(json, "v1", "UPDATE", changed, allowed)));
        samples.add(new Sample(Webhook.VALIDATE, review(json, "v1beta1", "CREATE", allowed, null)));
        return samples;
    }

    private static byte[] review(
            ObjectMapper json, String version, String operation, ObjectNode object, ObjectNode old) {
        ObjectNode review = json.createObjectNode()
                .put("apiVersion", "admission.k8s.io/" + version)
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request")
                .put("uid", "00000000-0000-0000-0000-00000000" + (1000 + operation.length() + version.length()))
                .put("name", object.at("/metadata/name").asText())
                .put("namespace", object.at("/metadata/namespace").asText())
                .put("operation", operation)
                .put("dryRun", false);
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "DaemonSet");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "daemonsets");
        request.putObject("userInfo")
                .put("username", "system:serviceaccount:kube-system:warm-up")
                .putArray("groups")
                .add("system:serviceaccounts")
                .add("system:authenticated");
        request.set("object", object);
        if (old != null) {
            request.set("oldObject", old);
        }
        try {
            return json.writeValueAsBytes(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
