package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import dev.dswebhook.policy.DaemonSetDefaulter;
import dev.dswebhook.policy.DaemonSetValidator;

/**
 * The full decision path of one review: bytes in, read, judge, and reply bytes out.
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

    /** The service with the standard policy, reading and writing JSON within the given limits. */
    public static AdmissionService create(JsonLimits limits) {
        JsonFactory json = limits.factory();
        return new AdmissionService(
                new ReviewReader(json),
                new DaemonSetAdmission(new DaemonSetValidator(), new DaemonSetDefaulter()),
                new ReviewWriter(json));
    }

    /** Answers one review, or throws when the body cannot be read as one. */
    public byte[] handle(Webhook webhook, byte[] body) throws MalformedReviewException {
        AdmissionRequest request = reader.read(body);
        AdmissionResponse response = admission.review(webhook, request);
        return writer.write(request, response);
    }
}
