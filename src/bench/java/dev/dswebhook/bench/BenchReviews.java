package dev.dswebhook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The AdmissionReview bodies the benchmarks send: the fluentd DaemonSet from the Kubernetes
 * documentation, and the same object grown to about 64 KiB and 1 MiB with more containers,
 * template labels, env entries and managedFields, each allowed and denied.
 *
 * <p>Run as a program it writes them to a folder, for the load tests:
 * {@code <size>-<verdict>.json}, with {@value #UID_PLACEHOLDER} as the uid.
 */
public final class BenchReviews {

    /** The uid in written files, for the load generator to replace per request. */
    public static final String UID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

    public static final List<String> SIZES = List.of("fluentd", "64k", "1m");
    public static final List<String> VERDICTS = List.of("allowed", "denied");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FLUENTD = Path.of("src", "test", "resources", "reviews", "fluentd-create.json");

    private BenchReviews() {}

    /** One review body: {@code size} is fluentd, 64k or 1m; {@code verdict} allowed or denied. */
    public static byte[] review(String size, String verdict, String uid) {
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(FLUENTD.toFile());
            ((ObjectNode) review.path("request")).put("uid", uid);
            ObjectNode object = (ObjectNode) review.at("/request/object");
            switch (size) {
                case "fluentd" -> {}
                case "64k" -> grow(object, 64 * 1024);
                case "1m" -> grow(object, 1024 * 1024);
                default -> throw new IllegalArgumentException("size " + size);
            }
            if (verdict.equals("denied")) {
                ((ObjectNode) object.at("/spec/template/metadata/labels")).put("name", "fluentd");
                ((ObjectNode) object.at("/spec/template/spec")).put("restartPolicy", "OnFailure");
            } else if (!verdict.equals("allowed")) {
                throw new IllegalArgumentException("verdict " + verdict);
            }
            return JSON.writeValueAsBytes(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds containers with env entries and resources, template labels and a managedFields entry
     * until the object's JSON reaches {@code target} bytes, keeping every label valid so the
     * verdict does not change.
     */
    static void grow(ObjectNode object, int target) throws IOException {
        ObjectNode labels = (ObjectNode) object.at("/spec/template/metadata/labels");
        ArrayNode containers = (ArrayNode) object.at("/spec/template/spec/containers");
        ArrayNode managedFields = ((ObjectNode) object.path("metadata")).putArray("managedFields");
        ObjectNode fields = managedFields
                .addObject()
                .put("manager", "kubectl-client-side-apply")
                .put("operation", "Update")
                .put("apiVersion", "apps/v1")
                .put("fieldsType", "FieldsV1")
                .putObject("fieldsV1")
                .putObject("f:spec")
                .putObject("f:template")
                .putObject("f:spec");
        ObjectNode containerFields = fields.putObject("f:containers");
        JsonNode template = containers.get(0);
        for (int i = 0; JSON.writeValueAsBytes(object).length < target; i++) {
            labels.put("example.com/label-" + i, "value-" + i);
            ObjectNode container = template.deepCopy();
            container.put("name", "sidecar-" + i);
            ArrayNode env = container.putArray("env");
            for (int e = 0; e < 8; e++) {
                env.addObject().put("name", "SETTING_" + i + "_" + e).put("value", "value-of-setting-" + i + "-" + e);
            }
            containers.add(container);
            containerFields
                    .putObject("k:{\"name\":\"sidecar-" + i + "\"}")
                    .putObject("f:env")
                    .put(".", "{}");
        }
    }

    /** Writes every review to a folder: {@code java ... BenchReviews target/bench/reviews}. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench/reviews");
        Files.createDirectories(out);
        for (String size : SIZES) {
            for (String verdict : VERDICTS) {
                byte[] body = review(size, verdict, UID_PLACEHOLDER);
                Files.write(out.resolve(size + "-" + verdict + ".json"), body);
                System.out.printf("%s-%s.json %d bytes%n", size, verdict, body.length);
            }
        }
    }
}
