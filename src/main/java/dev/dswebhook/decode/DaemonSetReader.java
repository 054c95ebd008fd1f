package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.HostPort;
import dev.dswebhook.policy.NodeTargeting;
import dev.dswebhook.policy.Placement;
import dev.dswebhook.policy.Toleration;
import dev.dswebhook.policy.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a DaemonSet that the policy needs, a {@link DaemonSetInput}, from a JSON
 * token stream, and skips the rest.
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

    // What the policy reads, as it is met; the order of fields in the object is free.
    private String name;
    private String namespace;
    private DaemonSetInput.Depth depth = DaemonSetInput.Depth.NO_SPEC;
    private LabelSelector selector;
    private Map<String, String> templateLabels;
    private String restartPolicy;
    private Map<String, String> nodeSelector;
    private List<NodeTargeting.Term> requiredTerms;
    private boolean hostNetwork;
    private String nodeName;
    private String priorityClassName;
    private List<Toleration> tolerations;
    private final List<HostPort.Declared> ports = new ArrayList<>(0);

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
    public static DaemonSetInput read(JsonParser parser, String rootName, String prefix) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        DaemonSetReader reader = new DaemonSetReader(parser, prefix);
        if (reader.expectObject(rootName)) {
            reader.readDaemonSet();
        }
        return new DaemonSetInput(
                reader.name,
                reader.namespace,
                reader.depth,
                reader.selector,
                reader.templateLabels,
                reader.restartPolicy,
                new Placement(
                        new NodeTargeting(reader.nodeSelector, reader.requiredTerms, reader.nodeName),
                        reader.tolerations,
                        true,
                        reader.hostNetwork),
                HostPort.taken(reader.ports, reader.hostNetwork),
                reader.priorityClassName,
                reader.errors);
    }

    private void readDaemonSet() throws IOException {
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "metadata" -> readObjectMeta(prefix + "metadata");
                case "spec" -> readSpec(prefix + "spec");
                default -> parser.skipChildren();
            }
        });
    }

    private void readObjectMeta(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "name" -> name = readString(path + ".name");
                case "namespace" -> namespace = readString(path + ".namespace");
                default -> parser.skipChildren();
            }
        });
    }

    private void readSpec(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        depth = DaemonSetInput.Depth.NO_TEMPLATE;
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "selector" -> selector = readSelector(path + ".selector");
                case "template" -> readTemplate(path + ".template");
                default -> parser.skipChildren();
            }
        });
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

    private void readTemplate(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        depth = DaemonSetInput.Depth.NO_POD_SPEC;
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "metadata" -> readTemplateMeta(path + ".metadata");
                case "spec" -> readPodSpec(path + ".spec");
                default -> parser.skipChildren();
            }
        });
    }

    private void readTemplateMeta(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            if (field.equals("labels")) {
                templateLabels = readStringMap(path + ".labels");
            } else {
                parser.skipChildren();
            }
        });
    }

    private void readPodSpec(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        depth = DaemonSetInput.Depth.POD_SPEC;
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "restartPolicy" -> restartPolicy = readString(path + ".restartPolicy");
                case "nodeSelector" -> nodeSelector = readStringMap(path + ".nodeSelector");
                case "hostNetwork" -> hostNetwork = readBoolean(path + ".hostNetwork");
                case "nodeName" -> nodeName = readString(path + ".nodeName");
                case "priorityClassName" -> priorityClassName = readString(path + ".priorityClassName");
                case "tolerations" -> tolerations = readTolerations(path + ".tolerations");
                case "affinity" -> readAffinity(path + ".affinity");
                case "containers" -> readContainers(path + ".containers", false);
                case "initContainers" -> readContainers(path + ".initContainers", true);
                default -> parser.skipChildren();
            }
        });
    }

    private List<Toleration> readTolerations(String path) throws IOException {
        List<Toleration> out = new ArrayList<>();
        if (!expectArray(path)) {
            return out;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !expectObject(itemPath)) {
                continue;
            }
            String[] fields = new String[4];
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "key" -> fields[0] = readString(itemPath + ".key");
                    case "operator" -> fields[1] = readString(itemPath + ".operator");
                    case "value" -> fields[2] = readString(itemPath + ".value");
                    case "effect" -> fields[3] = readString(itemPath + ".effect");
                    default -> parser.skipChildren();
                }
            });
            out.add(new Toleration(fields[0], fields[1], fields[2], fields[3]));
        }
        return out;
    }

    /** {@code affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}; the rest is skipped. */
    private void readAffinity(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            if (field.equals("nodeAffinity") && expectObject(path + ".nodeAffinity")) {
                JsonFields.forEach(parser, inner -> {
                    if (inner.equals("requiredDuringSchedulingIgnoredDuringExecution")) {
                        readNodeSelector(path + ".nodeAffinity." + inner);
                    } else {
                        parser.skipChildren();
                    }
                });
            } else {
                parser.skipChildren();
            }
        });
    }

    private void readNodeSelector(String path) throws IOException {
        if (!expectObject(path)) {
            return;
        }
        requiredTerms = new ArrayList<>();
        JsonFields.forEach(parser, field -> {
            if (field.equals("nodeSelectorTerms") && expectArray(path + ".nodeSelectorTerms")) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String termPath = path + ".nodeSelectorTerms[" + index++ + "]";
                    List<NodeTargeting.Requirement> expressions = new ArrayList<>();
                    List<NodeTargeting.Requirement> fields = new ArrayList<>();
                    if (parser.currentToken() != JsonToken.VALUE_NULL && expectObject(termPath)) {
                        JsonFields.forEach(parser, part -> {
                            switch (part) {
                                case "matchExpressions" ->
                                    expressions.addAll(readNodeRequirements(termPath + ".matchExpressions"));
                                case "matchFields" -> fields.addAll(readNodeRequirements(termPath + ".matchFields"));
                                default -> parser.skipChildren();
                            }
                        });
                    }
                    requiredTerms.add(new NodeTargeting.Term(expressions, fields));
                }
            } else {
                parser.skipChildren();
            }
        });
    }

    private List<NodeTargeting.Requirement> readNodeRequirements(String path) throws IOException {
        List<NodeTargeting.Requirement> out = new ArrayList<>();
        for (LabelSelectorRequirement requirement : readRequirements(path)) {
            out.add(new NodeTargeting.Requirement(
                    requirement.getKey(), requirement.getOperator(), requirement.getValues()));
        }
        return out;
    }

    /** The ports of containers, or of sidecars among init containers, which keep running and so keep their ports. */
    private void readContainers(String path, boolean sidecarsOnly) throws IOException {
        if (!expectArray(path)) {
            return;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String containerPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !expectObject(containerPath)) {
                continue;
            }
            List<HostPort.Declared> declared = new ArrayList<>(0);
            String[] containerRestartPolicy = {null};
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "ports" -> readPorts(containerPath + ".ports", declared);
                    case "restartPolicy" -> containerRestartPolicy[0] = readString(containerPath + ".restartPolicy");
                    default -> parser.skipChildren();
                }
            });
            if (!sidecarsOnly || "Always".equals(containerRestartPolicy[0])) {
                ports.addAll(declared);
            }
        }
    }

    private void readPorts(String path, List<HostPort.Declared> out) throws IOException {
        if (!expectArray(path)) {
            return;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String portPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !expectObject(portPath)) {
                continue;
            }
            Integer[] numbers = {null, null};
            String[] texts = {null, null};
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "containerPort" -> numbers[0] = readInt(portPath + ".containerPort");
                    case "hostPort" -> numbers[1] = readInt(portPath + ".hostPort");
                    case "protocol" -> texts[0] = readString(portPath + ".protocol");
                    case "hostIP" -> texts[1] = readString(portPath + ".hostIP");
                    default -> parser.skipChildren();
                }
            });
            out.add(new HostPort.Declared(portPath, numbers[0], numbers[1], texts[0], texts[1]));
        }
    }

    /** An int32 at the current token, {@code null} for JSON null, or a shape error; Go refuses fractions. */
    private Integer readInt(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType(path, "must be an integer");
        }
        return null;
    }

    /** A boolean at the current token, {@code false} for JSON null, or a shape error. */
    private boolean readBoolean(String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType(path, "must be a boolean");
        }
        return false;
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
            default ->
                new Object() {
                    private final String text = parser.getText();

                    @Override
                    public String toString() {
                        return text;
                    }
                };
        };
    }
}
