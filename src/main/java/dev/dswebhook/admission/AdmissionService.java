package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import dev.dswebhook.decode.JsonLimits;
import dev.dswebhook.policy.DaemonSetPolicy;
import dev.dswebhook.policy.Enforcement;
import java.io.InputStream;

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

    /** The service with the standard policy, every rule enforced and nothing exempt. */
    public static AdmissionService create(JsonLimits limits) {
        return create(limits, Enforcement.ENFORCE_ALL, Exemptions.NONE);
    }

    /** The service with the standard policy, reading and writing JSON within the given limits. */
    public static AdmissionService create(JsonLimits limits, Enforcement enforcement, Exemptions exemptions) {
        JsonFactory json = limits.factory();
        return new AdmissionService(
                new ReviewReader(json),
                new DaemonSetAdmission(new DaemonSetPolicy(), enforcement, exemptions),
                new ReviewWriter(json));
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
