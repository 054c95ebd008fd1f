package dev.dswebhook.envtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dswebhook.fixtures.Fixtures;
import dev.dswebhook.fixtures.ImageRuntime;
import dev.dswebhook.fixtures.PackagedWebhook;
import dev.dswebhook.fixtures.WebhookServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The differential conformance test: hundreds of generated DaemonSets and UPDATE pairs, each
 * judged by the real API server (a server-side dry run, with no webhook registered) and by the
 * policy through both of its doors, the validating webhook (in both review versions) and the
 * {@code check} command. They must agree on every verdict, and on every cause exactly: field,
 * type, detail and order, except for the one documented difference, the extra
 * {@code spec.selector: Required value} for a missing selector.
 *
 * <p>Label errors are compared as a set within one field, because the API server reports the
 * errors of a label map in Go's random map order.
 */
@DisplayName("The policy agrees with the real API server on generated DaemonSets")
class ConformanceIT {

    static final String NAMESPACE = "conformance";
    private static final long SEED = Long.getLong("conformance.seed", 20261201L);
    private static final int CREATES = Integer.getInteger("conformance.creates", 380);
    private static final int UPDATES = Integer.getInteger("conformance.updates", 180);

    /** The one documented difference: the webhook says what to add when the selector is missing. */
    static final String MISSING_SELECTOR_CAUSE = "spec.selector: Required value";

    private static ControlPlane controlPlane;
    private static ApiCalls api;
    private static PackagedWebhook webhook;
    private static HttpClient https;

    @BeforeAll
    static void start() {
        controlPlane = ControlPlane.shared();
        api = new ApiCalls(controlPlane.client());
        controlPlane.namespace(NAMESPACE);
        Registrations.remove(controlPlane.client());
        webhook = PackagedWebhook.start();
        https = HttpClient.newBuilder()
                .sslContext(WebhookServer.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (webhook != null) {
            webhook.close();
        }
    }

    /** One verdict, as one judge gave it. */
    record Verdict(boolean allowed, List<String> causes, List<String> reasons, String message) {

        static Verdict allowing() {
            return new Verdict(true, List.of(), List.of(), "");
        }
    }

    @Test
    @DisplayName("every verdict and every cause agree through /validate in v1 and v1beta1 and through check")
    void theApiServerAndBothDoorsAgree() throws Exception {
        List<GeneratedDaemonSets.Write> writes = new GeneratedDaemonSets(SEED).writes(CREATES, UPDATES);
        Map<String, JsonNode> stored = storeOldObjects(writes);

        Map<String, Verdict> apiServer = new LinkedHashMap<>();
        for (GeneratedDaemonSets.Write write : writes) {
            apiServer.put(write.name(), apiServerVerdict(write));
        }
        Map<String, Verdict> check = checkCommand(writes, stored);

        Map<String, int[]> agreement = new LinkedHashMap<>();
        List<String> differences = new ArrayList<>();
        java.util.Set<String> differing = new java.util.HashSet<>();
        for (GeneratedDaemonSets.Write write : writes) {
            Verdict expected = apiServer.get(write.name());
            Map<String, Verdict> doors = new LinkedHashMap<>();
            doors.put("/validate v1", webhookVerdict(write, stored.get(write.name()), "admission.k8s.io/v1"));
            doors.put("/validate v1beta1", webhookVerdict(write, stored.get(write.name()), "admission.k8s.io/v1beta1"));
            doors.put("check", check.get(write.name()));
            for (Map.Entry<String, Verdict> door : doors.entrySet()) {
                int[] counts = agreement.computeIfAbsent(door.getKey(), k -> new int[2]);
                Verdict actual = door.getValue();
                boolean sameVerdict = actual != null && actual.allowed() == expected.allowed();
                boolean sameCauses = sameVerdict
                        && sameCauses(write, expected, actual, door.getKey().equals("check"));
                counts[0] += sameVerdict ? 1 : 0;
                counts[1] += sameCauses ? 1 : 0;
                if (!sameCauses && differences.size() < 8 && differing.add(write.name())) {
                    differences.add(describe(write, stored.get(write.name()), door.getKey(), expected, actual));
                }
            }
        }
        long denied = apiServer.values().stream().filter(v -> !v.allowed()).count();
        StringBuilder report = new StringBuilder("conformance over " + writes.size() + " writes (" + CREATES
                + " creates, " + UPDATES + " updates; " + denied + " denied by the API server), seed " + SEED + ":\n");
        agreement.forEach((door, counts) -> report.append(String.format(
                "  %-18s verdicts %d/%d, causes %d/%d%n", door, counts[0], writes.size(), counts[1], writes.size())));
        System.out.println(report);
        if (!differences.isEmpty()) {
            fail(report + "\nfirst differences:\n" + String.join("\n", differences));
        }
        assertTrue(
                denied > writes.size() / 3 && denied < writes.size() * 9 / 10,
                "the generator gives a mix of allowed and denied writes: " + denied + " denied of " + writes.size());
    }

    /** Creates every old object for real and reads it back as the API server stores it. */
    private static Map<String, JsonNode> storeOldObjects(List<GeneratedDaemonSets.Write> writes) {
        Map<String, JsonNode> stored = new HashMap<>();
        for (GeneratedDaemonSets.Write write : writes) {
            if (!write.isUpdate()) {
                continue;
            }
            ApiCalls.Answer created = api.create(NAMESPACE, write.oldObject(), false);
            assertTrue(
                    created.accepted(),
                    "the generator's old objects are valid, but the API server refused " + write.oldObject() + ": "
                            + created);
            stored.put(write.name(), created.body());
        }
        return stored;
    }

    private static Verdict apiServerVerdict(GeneratedDaemonSets.Write write) {
        ApiCalls.Answer answer = write.isUpdate()
                ? api.update(NAMESPACE, write.name(), write.object(), true)
                : api.create(NAMESPACE, write.object(), true);
        if (answer.accepted()) {
            return Verdict.allowing();
        }
        assertEquals(
                422, answer.code(), "the API server refuses a generated object as invalid, not otherwise: " + answer);
        return new Verdict(false, answer.causes(), answer.causeReasons(), answer.message());
    }

    private static Verdict webhookVerdict(GeneratedDaemonSets.Write write, JsonNode storedOld, String version)
            throws IOException, InterruptedException {
        ObjectNode review = JsonNodeFactory.instance.objectNode();
        review.put("apiVersion", version);
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "DaemonSet");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "daemonsets");
        request.put("name", write.name());
        request.put("namespace", NAMESPACE);
        request.put("operation", write.isUpdate() ? "UPDATE" : "CREATE");
        request.putObject("userInfo").put("username", "conformance");
        request.set("object", write.object());
        if (storedOld != null) {
            request.set("oldObject", storedOld);
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(webhook.baseUrl() + "/validate-apps-v1-daemonset"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.JSON.writeValueAsBytes(review)))
                .build();
        HttpResponse<byte[]> response = https.send(post, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        JsonNode reply = Fixtures.JSON.readTree(response.body()).path("response");
        if (reply.path("allowed").asBoolean()) {
            return Verdict.allowing();
        }
        List<String> causes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (JsonNode cause : reply.path("status").path("details").path("causes")) {
            causes.add(
                    cause.path("field").asText() + ": " + cause.path("message").asText());
            reasons.add(cause.path("reason").asText());
        }
        return new Verdict(
                false, causes, reasons, reply.path("status").path("message").asText());
    }

    /** Runs the check command once over every object, written out as YAML and JSON files. */
    private static Map<String, Verdict> checkCommand(
            List<GeneratedDaemonSets.Write> writes, Map<String, JsonNode> stored) throws Exception {
        Path dir = Path.of("target", "envtest", "conformance");
        Path objects = dir.resolve("objects");
        Path olds = dir.resolve("old");
        deleteTree(dir);
        Files.createDirectories(objects);
        Files.createDirectories(olds);
        int i = 0;
        for (GeneratedDaemonSets.Write write : writes) {
            // Half YAML, half JSON: the check command reads both with the webhook's reader.
            boolean yaml = i++ % 2 == 0;
            Path file = objects.resolve(write.name() + (yaml ? ".yaml" : ".json"));
            Files.write(
                    file,
                    yaml
                            ? Fixtures.YAML.writeValueAsBytes(write.object())
                            : Fixtures.JSON.writeValueAsBytes(write.object()));
            if (stored.containsKey(write.name())) {
                Files.write(
                        olds.resolve(write.name() + ".json"),
                        Fixtures.JSON.writeValueAsBytes(stored.get(write.name())));
            }
        }
        Process process = new ProcessBuilder(
                        ImageRuntime.java().toString(),
                        "-cp",
                        "target/quarkus-app/app/*:target/quarkus-app/lib/main/*",
                        "dev.dswebhook.cli.Check",
                        "--output",
                        "json",
                        "--old",
                        olds.toString(),
                        objects.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "check finished");
        JsonNode report = Fixtures.JSON.readTree(out);
        assertEquals(0, report.path("errors").size(), () -> "check read every file: " + report.path("errors"));
        Map<String, Verdict> verdicts = new HashMap<>();
        for (JsonNode daemonSet : report.path("daemonSets")) {
            List<String> causes = new ArrayList<>();
            for (JsonNode violation : daemonSet.path("violations")) {
                // The 560 files are each other's cluster to the check command, and share labels and
                // ports; the rules that see the cluster are not the API server's, so not compared here.
                boolean seesTheCluster = dev.dswebhook.policy.Rule.byId(
                                violation.path("rule").asText())
                        .map(dev.dswebhook.policy.Rule::seesTheCluster)
                        .orElse(false);
                if (!seesTheCluster) {
                    causes.add(violation.path("message").asText());
                }
            }
            verdicts.put(
                    daemonSet.path("name").asText(),
                    causes.isEmpty() ? Verdict.allowing() : new Verdict(false, causes, List.of(), ""));
        }
        return verdicts;
    }

    /** Whether two lists of causes agree, up to the documented difference and Go's map order. */
    static boolean sameCauses(GeneratedDaemonSets.Write write, Verdict expected, Verdict actual, boolean causesOnly) {
        List<String> causes = new ArrayList<>(actual.causes());
        List<String> reasons = new ArrayList<>(actual.reasons());
        int extra = causes.indexOf(MISSING_SELECTOR_CAUSE);
        if (write.selectorMissing() && extra >= 0) {
            causes.remove(extra);
            if (!reasons.isEmpty()) {
                reasons.remove(extra);
            }
        }
        if (!canonical(causes).equals(canonical(expected.causes()))) {
            return false;
        }
        return causesOnly || reasonsMatch(causes, reasons, expected);
    }

    private static boolean reasonsMatch(List<String> causes, List<String> reasons, Verdict expected) {
        Map<String, String> expectedReason = new HashMap<>();
        for (int i = 0; i < expected.causes().size(); i++) {
            expectedReason.put(expected.causes().get(i), expected.reasons().get(i));
        }
        for (int i = 0; i < causes.size(); i++) {
            if (!reasons.get(i).equals(expectedReason.get(causes.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The causes with each run of errors on one label map sorted, since Go walks maps in random order. */
    static List<String> canonical(List<String> causes) {
        List<String> out = new ArrayList<>(causes.size());
        int i = 0;
        while (i < causes.size()) {
            String field = field(causes.get(i));
            int j = i;
            while (j < causes.size() && field(causes.get(j)).equals(field)) {
                j++;
            }
            List<String> run = new ArrayList<>(causes.subList(i, j));
            if (field.endsWith(".matchLabels") || field.equals("spec.template.labels")) {
                run.sort(null);
            }
            out.addAll(run);
            i = j;
        }
        return out;
    }

    private static String field(String cause) {
        return cause.substring(0, cause.indexOf(": "));
    }

    private static String describe(
            GeneratedDaemonSets.Write write, JsonNode old, String door, Verdict expected, Verdict actual) {
        return "- " + write.name() + " through " + door + ":\n    object: " + write.object()
                + (old == null ? "" : "\n    old (stored): " + old.path("spec"))
                + "\n    API server: " + (expected.allowed() ? "allowed" : expected.causes() + " " + expected.reasons())
                + "\n    " + door + ": "
                + (actual == null
                        ? "no verdict"
                        : actual.allowed() ? "allowed" : actual.causes() + " " + actual.reasons());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
