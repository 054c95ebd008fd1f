package dev.dswebhook.envtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of DaemonSets, and of UPDATE pairs, that probe the rules the webhook shares
 * with the API server: every selector operator, empty and missing values and keys, label syntax
 * around each length limit (63/64 bytes for names and values, 253/254 for prefixes), prefixes,
 * upper case, non-ASCII, empty and missing selectors and template labels, every kind of
 * {@code restartPolicy}, and selector changes on update.
 *
 * <p>Most objects are built to be almost right, one or two things wrong, since that is where
 * the exact order and wording of several errors show.
 */
final class GeneratedDaemonSets {

    /** One generated write: a create, or an update over an old object the API server stores first. */
    record Write(String name, ObjectNode object, ObjectNode oldObject) {

        boolean isUpdate() {
            return oldObject != null;
        }

        /** Whether the object has no selector at all, where the webhook adds its documented extra cause. */
        boolean selectorMissing() {
            JsonNode selector = object.path("spec").path("selector");
            return selector.isMissingNode() || selector.isNull();
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final String NAME_63 = "n" + "a".repeat(61) + "z";
    private static final String NAME_64 = "n" + "a".repeat(62) + "z";
    private static final String PREFIX_253 = subdomain(253);
    private static final String PREFIX_254 = subdomain(254);
    /** 63 bytes in UTF-8 but 62 characters: valid by length, invalid by syntax. */
    private static final String NON_ASCII_63 = "é" + "a".repeat(61);

    private static final List<String> GOOD_KEYS = List.of(
            "app",
            "tier",
            "name",
            "component",
            "example.com/app",
            "app.kubernetes.io/name",
            "k8s-app",
            "a",
            "A1.b-c_d",
            NAME_63,
            PREFIX_253 + "/x",
            "x.y/" + NAME_63);
    private static final List<String> BAD_KEYS = List.of(
            NAME_64,
            PREFIX_254 + "/x",
            "x.y/" + NAME_64,
            "Example.com/app",
            "a/b/c",
            "",
            "/a",
            "a/",
            "-app",
            "app-",
            "app_",
            ".app",
            "a b",
            "ключ",
            "example.com/ключ",
            "é",
            "EXAMPLE/x",
            "a_b.com/x");
    private static final List<String> GOOD_VALUES =
            List.of("", "x", "v1", "fluentd", "a.b-c_d", "A1", "0", NAME_63, "Z9");
    private static final List<String> BAD_VALUES = List.of(
            NAME_64,
            "-x",
            "x-",
            "_x",
            "é",
            NON_ASCII_63,
            "v1.0_",
            "a b",
            "a/b",
            "x".repeat(300),
            "tab\there",
            "quote\"d",
            "<html>&",
            "nbsp\u00a0x",
            "del\u007fx",
            "bell\u0007",
            "line\u2028sep",
            "emoji\ud83d\ude00");
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final List<String> BAD_OPERATORS = List.of("in", "", "Equals", "exists", "NotExists");
    private static final List<String> RESTART_POLICIES =
            List.of("Always", "", "OnFailure", "Never", "Foo", "always", "ALWAYS");

    private final Random random;
    private int counter;

    GeneratedDaemonSets(long seed) {
        this.random = new Random(seed);
    }

    /** {@code creates} creates and {@code updates} update pairs, shuffled together by the seed. */
    List<Write> writes(int creates, int updates) {
        List<Write> out = new ArrayList<>(creates + updates);
        for (int i = 0; i < creates; i++) {
            out.add(create());
        }
        for (int i = 0; i < updates; i++) {
            out.add(update());
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private Write create() {
        String name = nextName();
        return new Write(name, daemonSet(name, selector(false), false), null);
    }

    private Write update() {
        String name = nextName();
        ObjectNode selector = selector(true);
        ObjectNode old = daemonSet(name, selector, true);
        ObjectNode object = old.deepCopy();
        ObjectNode spec = (ObjectNode) object.path("spec");
        switch (random.nextInt(8)) {
            case 0, 1 -> {
                // The selector stays; something else changes.
                ((ObjectNode) spec.path("template").path("metadata"))
                        .set("labels", labels(spec.path("selector"), true));
            }
            case 2 -> spec.set("selector", selector(true));
            case 3 -> spec.set("selector", selector(false));
            case 4 -> spec.set("selector", reordered(selector));
            case 5 -> spec.set("selector", spelledOut(selector));
            case 6 -> spec.remove("selector");
            default -> ((ObjectNode) spec.path("template").path("spec")).put("restartPolicy", pick(RESTART_POLICIES));
        }
        if (random.nextInt(4) == 0) {
            // A second change to the template, so that immutability and the create rules meet.
            ObjectNode metadata = (ObjectNode) spec.path("template").path("metadata");
            metadata.set("labels", labels(spec.path("selector"), false));
        }
        return new Write(name, object, old);
    }

    private String nextName() {
        return "ds-" + counter++;
    }

    /** A DaemonSet with one container; {@code valid} keeps everything the rules look at correct. */
    private ObjectNode daemonSet(String name, ObjectNode selector, boolean valid) {
        ObjectNode ds = F.objectNode();
        ds.put("apiVersion", "apps/v1");
        ds.put("kind", "DaemonSet");
        ObjectNode metadata = ds.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", ConformanceIT.NAMESPACE);
        if (random.nextInt(5) == 0) {
            // Labels on the DaemonSet itself never count towards the match.
            metadata.putObject("labels").put("app", "outer");
        }
        ObjectNode spec = ds.putObject("spec");
        int selectorShape = valid ? 9 : random.nextInt(40);
        switch (selectorShape) {
            case 0 -> {} // no selector at all
            case 1 -> spec.putNull("selector");
            case 2 -> spec.putObject("selector");
            case 3 ->
                spec.putObject("selector")
                        .<ObjectNode>set("matchLabels", F.objectNode())
                        .putArray("matchExpressions");
            default -> spec.set("selector", selector);
        }
        ObjectNode template = spec.putObject("template");
        int labelShape = valid ? 9 : random.nextInt(20);
        ObjectNode templateMeta = template.putObject("metadata");
        switch (labelShape) {
            case 0 -> {} // no labels
            case 1 -> templateMeta.putNull("labels");
            case 2 -> templateMeta.putObject("labels");
            default -> templateMeta.set("labels", labels(spec.path("selector"), valid || random.nextInt(3) > 0));
        }
        ObjectNode podSpec = template.putObject("spec");
        ObjectNode container = podSpec.putArray("containers").addObject();
        container.put("name", "agent");
        container.put("image", "registry.example/agent:1.0");
        int restart = random.nextInt(valid ? 3 : 16);
        if (restart == 1) {
            podSpec.put("restartPolicy", "Always");
        } else if (restart == 2 && !valid) {
            podSpec.putNull("restartPolicy");
        } else if (restart >= 12) {
            podSpec.put("restartPolicy", pick(RESTART_POLICIES));
        }
        return ds;
    }

    /** A selector of matchLabels, matchExpressions or both; {@code valid} uses only good syntax. */
    private ObjectNode selector(boolean valid) {
        ObjectNode selector = F.objectNode();
        // A valid selector names each key once, so that some label set always satisfies it.
        java.util.Set<String> used = new java.util.HashSet<>();
        int shape = random.nextInt(3);
        if (shape != 1) {
            ObjectNode matchLabels = selector.putObject("matchLabels");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                String key = key(valid);
                if (!valid || used.add(key)) {
                    matchLabels.put(key, value(valid));
                }
            }
        }
        if (shape != 0) {
            ArrayNode expressions = selector.putArray("matchExpressions");
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                ObjectNode expression = expression(valid);
                if (!valid || used.add(expression.path("key").asText())) {
                    expressions.add(expression);
                }
            }
        }
        return selector;
    }

    private ObjectNode expression(boolean valid) {
        ObjectNode expression = F.objectNode();
        expression.put("key", key(valid));
        boolean badOperator = !valid && random.nextInt(8) == 0;
        String operator = badOperator ? pick(BAD_OPERATORS) : pick(OPERATORS);
        if (!valid && random.nextInt(20) == 0) {
            // No operator at all.
        } else {
            expression.put("operator", operator);
        }
        boolean listed = operator.equals("In") || operator.equals("NotIn");
        int count = listed ? 1 + random.nextInt(3) : 0;
        if (!valid && random.nextInt(6) == 0) {
            count = listed ? 0 : 1 + random.nextInt(2);
        }
        if (count > 0 || (!valid && random.nextInt(10) == 0)) {
            ArrayNode values = expression.putArray("values");
            for (int i = 0; i < count; i++) {
                values.add(value(valid));
            }
        }
        return expression;
    }

    /**
     * Template labels: when {@code matching}, built so that the selector selects them (where a
     * valid selector can select anything); otherwise near misses and random labels.
     */
    private ObjectNode labels(JsonNode selector, boolean matching) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode matchLabels = selector.path("matchLabels");
        matchLabels
                .fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            switch (expression.path("operator").asText()) {
                case "In" -> {
                    if (!values.isEmpty()) {
                        labels.put(key, values.get(random.nextInt(values.size())));
                    }
                }
                case "NotIn" -> {
                    if (random.nextBoolean()) {
                        labels.put(key, "other");
                    } else {
                        labels.remove(key);
                    }
                }
                case "Exists" -> labels.putIfAbsent(key, random.nextBoolean() ? "" : "yes");
                case "DoesNotExist" -> labels.remove(key);
                default -> {}
            }
        }
        String extra = pick(GOOD_KEYS);
        if (random.nextInt(3) == 0
                && !selector.path("matchLabels").has(extra)
                && !selector.path("matchExpressions").toString().contains("\"key\":\"" + extra + "\"")) {
            // An extra label on a key the selector does not name never changes the match.
            labels.put(extra, pick(GOOD_VALUES));
        }
        if (!matching) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (!labels.isEmpty()) {
                        labels.remove(labels.keySet().iterator().next());
                    }
                }
                case 1 -> labels.replaceAll((k, v) -> v + "x");
                case 2 -> labels.put(pick(BAD_KEYS), pick(GOOD_VALUES));
                case 3 -> labels.put(pick(GOOD_KEYS), pick(BAD_VALUES));
                default -> labels.put(pick(BAD_KEYS), pick(BAD_VALUES));
            }
        }
        ObjectNode out = F.objectNode();
        labels.forEach(out::put);
        return out;
    }

    /** The same expressions in the opposite order: a different selector to the API server. */
    private static ObjectNode reordered(ObjectNode selector) {
        ObjectNode out = selector.deepCopy();
        JsonNode expressions = out.path("matchExpressions");
        if (expressions.size() > 1) {
            ArrayNode reversed = F.arrayNode();
            for (int i = expressions.size() - 1; i >= 0; i--) {
                reversed.add(expressions.get(i));
            }
            out.set("matchExpressions", reversed);
        } else {
            out.putObject("matchLabels").put("added", "label");
        }
        return out;
    }

    /** The same selector with its absent lists spelt out empty: equal to the API server. */
    private static ObjectNode spelledOut(ObjectNode selector) {
        ObjectNode out = selector.deepCopy();
        if (!out.has("matchExpressions")) {
            out.putArray("matchExpressions");
        }
        if (!out.has("matchLabels")) {
            out.putObject("matchLabels");
        }
        return out;
    }

    private String key(boolean valid) {
        return !valid && random.nextInt(10) == 0 ? pick(BAD_KEYS) : pick(GOOD_KEYS);
    }

    private String value(boolean valid) {
        return !valid && random.nextInt(10) == 0 ? pick(BAD_VALUES) : pick(GOOD_VALUES);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** A lower-case DNS subdomain of exactly {@code length} characters, in labels of at most 63. */
    private static String subdomain(int length) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            int room = length - out.length();
            if (out.length() > 0) {
                out.append('.');
                room--;
            }
            int label = Math.min(63, room);
            if (room - label == 1) {
                label--; // never leave a single character for a label after a dot
            }
            out.append("p".repeat(Math.max(1, label - 1))).append(label > 1 ? "q" : "");
        }
        return out.toString();
    }
}
