package dev.dswebhook.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dswebhook.policy.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a DaemonSet that the policy needs from a JSON token stream and skips the rest.
 *
 * <p>A review can carry megabytes the policy never looks at: containers, volumes,
 * {@code managedFields}. Streaming past them is several times cheaper than building a tree or
 * binding the whole object. The same reader serves any Jackson parser, so JSON and YAML sources
 * are read alike.
 *
 * <p>Decoding follows Go's {@code encoding/json} where it matters to the verdict: {@code null}
 * means unset, a {@code null} label value is the empty string, and a later duplicate key wins.
 * A value of the wrong type is recorded as a shape error at its field path and skipped.
 */
public final class DaemonSetReader {

    private final JsonParser parser;
    private final String prefix;
    private final List<Violation> errors = new ArrayList<>(0);

    private DaemonSetReader(JsonParser parser, String prefix) {
        this.parser = parser;
        this.prefix = prefix;
    }

    /**
     * Reads the value at the parser's current token, which must be its first token.
     *
     * @param parser   positioned on the value's first token, and left on its last
     * @param rootName how to name the value itself in a shape error, such as {@code object}
     * @param prefix   what to put before field paths, empty for the object under review
     * @return the decoded object, or {@code null} when the value is JSON {@code null}
     */
    public static DecodedDaemonSet read(JsonParser parser, String rootName, String prefix) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        DaemonSetReader reader = new DaemonSetReader(parser, prefix);
        DaemonSet daemonSet = new DaemonSet();
        if (reader.expectObject(rootName)) {
            reader.readDaemonSet(daemonSet);
        }
        return new DecodedDaemonSet(daemonSet, reader.errors);
    }

    private void readDaemonSet(DaemonSet daemonSet) throws IOException {
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "metadata" -> daemonSet.setMetadata(readObjectMeta(prefix + "metadata"));
                case "spec" -> daemonSet.setSpec(readSpec(prefix + "spec"));
                default -> parser.skipChildren();
            }
        });
    }

    private ObjectMeta readObjectMeta(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        ObjectMeta meta = new ObjectMeta();
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "name" -> meta.setName(readString(path + ".name"));
                case "namespace" -> meta.setNamespace(readString(path + ".namespace"));
                default -> parser.skipChildren();
            }
        });
        return meta;
    }

    private DaemonSetSpec readSpec(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        DaemonSetSpec spec = new DaemonSetSpec();
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "selector" -> spec.setSelector(readSelector(path + ".selector"));
                case "template" -> spec.setTemplate(readTemplate(path + ".template"));
                default -> parser.skipChildren();
            }
        });
        return spec;
    }

    private LabelSelector readSelector(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        LabelSelector selector = new LabelSelector();
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "matchLabels" -> selector.setMatchLabels(readStringMap(path + ".matchLabels"));
                case "matchExpressions" -> selector.setMatchExpressions(readRequirements(path + ".matchExpressions"));
                default -> parser.skipChildren();
            }
        });
        return selector;
    }

    private List<LabelSelectorRequirement> readRequirements(String path) throws IOException {
        List<LabelSelectorRequirement> requirements = new ArrayList<>();
        if (!expectArray(path)) {
            return requirements;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + index++ + "]";
            // A null item decodes to the zero requirement, which then fails validation as Go's would.
            LabelSelectorRequirement requirement = new LabelSelectorRequirement();
            if (parser.currentToken() != JsonToken.VALUE_NULL && expectObject(itemPath)) {
                JsonFields.forEach(parser, field -> {
                    switch (field) {
                        case "key" -> requirement.setKey(readString(itemPath + ".key"));
                        case "operator" -> requirement.setOperator(readString(itemPath + ".operator"));
                        case "values" -> requirement.setValues(readStringList(itemPath + ".values"));
                        default -> parser.skipChildren();
                    }
                });
            }
            requirements.add(requirement);
        }
        return requirements;
    }

    private PodTemplateSpec readTemplate(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        PodTemplateSpec template = new PodTemplateSpec();
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "metadata" -> template.setMetadata(readTemplateMeta(path + ".metadata"));
                case "spec" -> template.setSpec(readPodSpec(path + ".spec"));
                default -> parser.skipChildren();
            }
        });
        return template;
    }

    private ObjectMeta readTemplateMeta(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        ObjectMeta meta = new ObjectMeta();
        // fabric8 starts every map empty; absent labels must stay null, which the API server prints as null.
        meta.setLabels(null);
        JsonFields.forEach(parser, field -> {
            if (field.equals("labels")) {
                meta.setLabels(readStringMap(path + ".labels"));
            } else {
                parser.skipChildren();
            }
        });
        return meta;
    }

    private PodSpec readPodSpec(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        PodSpec spec = new PodSpec();
        JsonFields.forEach(parser, field -> {
            if (field.equals("restartPolicy")) {
                spec.setRestartPolicy(readString(path + ".restartPolicy"));
            } else {
                parser.skipChildren();
            }
        });
        return spec;
    }

    /** A string map, {@code null} when absent or JSON null, as Go decodes a nil map. */
    private Map<String, String> readStringMap(String path) throws IOException {
        if (!expectObject(path)) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        JsonFields.forEach(parser, key -> {
            String value = readString(path + "[" + key + "]");
            map.put(key, value == null ? "" : value);
        });
        return map;
    }

    private List<String> readStringList(String path) throws IOException {
        List<String> list = new ArrayList<>();
        if (!expectArray(path)) {
            return list;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String value = readString(path + "[" + index++ + "]");
            list.add(value == null ? "" : value);
        }
        return list;
    }

    /** The string at the current token, {@code null} for JSON null, or a shape error. */
    private String readString(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType(path, "must be a string");
        }
        return null;
    }

    /** True when the current token opens an object; false, with a shape error unless null, otherwise. */
    private boolean expectObject(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType(path, "must be an object");
        }
        return false;
    }

    private boolean expectArray(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType(path, "must be an array");
        }
        return false;
    }

    private void wrongType(String path, String expectation) throws IOException {
        errors.add(Violation.malformed(path, currentValueForMessage(), expectation));
        parser.skipChildren();
    }

    private Object currentValueForMessage() throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> Violation.AN_OBJECT;
            case START_ARRAY -> Violation.AN_ARRAY;
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> new Object() {
                private final String text = parser.getText();

                @Override
                public String toString() {
                    return text;
                }
            };
        };
    }
}
