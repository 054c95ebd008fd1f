package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.policy.ClusterView;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import dev.dswebhook.policy.EnforcementMode;
import dev.dswebhook.policy.Rule;
import java.io.InputStream;
import java.util.Map;

/**
 * The full decision path of one review: bytes in, read, decide, and reply bytes out.
 *
 * <p>It knows nothing of HTTP, so benchmarks and tests can drive it directly.
 */
public final class AdmissionService {

    private final ReviewReader reader;
    private final DaemonSetAdmission admission;
    private final ReviewWriter writer;

    public AdmissionService(ReviewReader reader, DaemonSetAdmission admission, ReviewWriter writer) {
        this.reader = reader;
        this.admission = admission;
        this.writer = writer;
    }

    /** The service with the standard policy, each rule doing what it does by default, and nothing exempt. */
    public static AdmissionService create(JsonLimits limits) {
        return create(limits, Enforcement.DEFAULTS, Exemptions.NONE);
    }

    /** The service with the standard policy and no view of the rest of the cluster. */
    public static AdmissionService create(JsonLimits limits, Enforcement enforcement, Exemptions exemptions) {
        return create(limits, new DaemonSetPolicy(), enforcement, exemptions, ClusterView.EMPTY);
    }

    /** The service with this policy, judging against this view of the cluster, within the given JSON limits. */
    public static AdmissionService create(
            JsonLimits limits,
            DaemonSetPolicy policy,
            Enforcement enforcement,
            Exemptions exemptions,
            ClusterView cluster) {
        JsonFactory json = limits.factory();
        return new AdmissionService(
                new ReviewReader(json),
                new DaemonSetAdmission(policy, enforcement, exemptions, cluster),
                new ReviewWriter(json));
    }

    /** Whether answering a review sent to this webhook may wait on the API server; see {@link DaemonSetAdmission#mayBlock}. */
    public boolean mayBlock(Webhook webhook) {
        return admission.mayBlock(webhook);
    }

    /** The mode each rule a review can break runs in; see {@link DaemonSetAdmission#ruleModes}. */
    public Map<Rule, EnforcementMode> ruleModes() {
        return admission.ruleModes();
    }

    /**
     * The same service, asking the API server for nothing: for a warm-up, which must not send
     * thousands of requests to the API server, and may run before the caches are in.
     */
    public AdmissionService withoutPods() {
        return new AdmissionService(reader, admission.withoutPods(), writer);
    }

    /** Answers one review, or throws when the body cannot be read as one. */
    public Reply handle(Webhook webhook, byte[] body) throws MalformedReviewException {
        return handle(webhook, body, 0, body.length);
    }

    /** Answers one review held in part of an array. */
    public Reply handle(Webhook webhook, byte[] body, int offset, int length) throws MalformedReviewException {
        return answer(webhook, reader.read(body, offset, length));
    }

    /** Answers one review read from a stream. */
    public Reply handle(Webhook webhook, InputStream body) throws MalformedReviewException {
        return answer(webhook, reader.read(body));
    }

    private Reply answer(Webhook webhook, AdmissionRequest request) {
        Decision decision = admission.review(webhook, request);
        return new Reply(writer.write(request, AdmissionResponses.of(decision)), decision);
    }
}
