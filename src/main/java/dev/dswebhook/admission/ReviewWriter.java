package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.dswebhook.policy.PatchOp;
import dev.dswebhook.policy.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes the reply AdmissionReview straight to bytes.
 *
 * <p>The reply echoes the request's apiVersion because the API server decodes it with the
 * version it sent and rejects a mismatch, and it copies the uid from the request here and only
 * here. The object is never re-encoded: a reply holds only the verdict and, when something
 * changed, the patch.
 */
public final class ReviewWriter {

    private final JsonFactory json;

    public ReviewWriter(JsonFactory json) {
        this.json = json;
    }

    /** Encodes the reply to a request. */
    public byte[] write(AdmissionRequest request, AdmissionResponse response) {
        // Encoded before the reply's generator opens: a second generator open at the same time
        // cannot reuse the thread's recycled output buffer and would allocate a fresh 8 KB one.
        String patch =
                response.patch().isEmpty() ? null : Base64.getEncoder().encodeToString(patchBytes(response.patch()));
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("apiVersion", request.version().apiVersion());
            gen.writeStringField("kind", "AdmissionReview");
            gen.writeObjectFieldStart("response");
            gen.writeStringField("uid", request.uid());
            gen.writeBooleanField("allowed", response.allowed());
            if (response.status() != null) {
                writeStatus(gen, request, response.status());
            }
            if (patch != null) {
                gen.writeStringField("patchType", "JSONPatch");
                gen.writeStringField("patch", patch);
            }
            if (!response.warnings().isEmpty()) {
                gen.writeArrayFieldStart("warnings");
                for (String warning : response.warnings()) {
                    gen.writeString(warning);
                }
                gen.writeEndArray();
            }
            if (!response.auditAnnotations().isEmpty()) {
                gen.writeObjectFieldStart("auditAnnotations");
                for (Map.Entry<String, String> annotation :
                        response.auditAnnotations().entrySet()) {
                    gen.writeStringField(annotation.getKey(), annotation.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeStatus(JsonGenerator gen, AdmissionRequest request, DenialStatus status)
            throws IOException {
        gen.writeObjectFieldStart("status");
        gen.writeObjectFieldStart("metadata");
        gen.writeEndObject();
        gen.writeStringField("status", "Failure");
        gen.writeStringField("message", status.message());
        gen.writeStringField("reason", status.reason());
        gen.writeObjectFieldStart("details");
        gen.writeStringField("name", status.name());
        if (request.kind() != null) {
            gen.writeStringField("group", request.kind().group());
            gen.writeStringField("kind", request.kind().kind());
        }
        gen.writeArrayFieldStart("causes");
        for (Violation violation : status.causes()) {
            gen.writeStartObject();
            gen.writeStringField("reason", violation.type().causeReason());
            gen.writeStringField("message", violation.body());
            gen.writeStringField("field", violation.field());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.writeNumberField("code", status.code());
        gen.writeEndObject();
    }

    /** The RFC 6902 document for a list of operations. */
    public byte[] patchBytes(List<PatchOp> ops) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator gen = json.createGenerator(out)) {
            gen.writeStartArray();
            for (PatchOp op : ops) {
                gen.writeStartObject();
                gen.writeStringField("op", op.op());
                gen.writeStringField("path", op.path());
                gen.writeFieldName("value");
                writeValue(gen, op.value());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(gen, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(value.toString());
        }
    }
}
