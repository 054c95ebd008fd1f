package dev.dswebhook.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.dswebhook.policy.ContainerInput;
import dev.dswebhook.policy.DaemonSetInput;
import dev.dswebhook.policy.HostPort;
import dev.dswebhook.policy.NodeTargeting;
import dev.dswebhook.policy.Placement;
import dev.dswebhook.policy.PodRequests;
import dev.dswebhook.policy.Toleration;
import dev.dswebhook.policy.UpdateStrategy;
import dev.dswebhook.policy.Violation;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.io.IOException;
import java.util.ArrayList;
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
    private final JsonValues<RuntimeException> values;

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
    private final List<ContainerInput> containers = new ArrayList<>(0);
    private Map<String, String> overhead;
    private String updateType;
    private Object maxSurge;

    private DaemonSetReader(JsonParser parser, String prefix) {
        this.parser = parser;
        this.prefix = prefix;
        // A value of the wrong type is a shape error at its path, and reading goes on.
        this.values = new JsonValues<>(
                parser,
                (at, path, expected) ->
                        errors.add(Violation.malformed(path, valueForMessage(at), "must be " + expected)));
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
        if (reader.values.object(rootName)) {
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
                HostPort.taken(reader.containers, reader.hostNetwork),
                reader.priorityClassName,
                new UpdateStrategy(reader.updateType, reader.maxSurge),
                PodRequests.of(reader.containers, reader.overhead),
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
        if (!values.object(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "name" -> name = values.string(path + ".name");
                case "namespace" -> namespace = values.string(path + ".namespace");
                default -> parser.skipChildren();
            }
        });
    }

    private void readSpec(String path) throws IOException {
        if (!values.object(path)) {
            return;
        }
        depth = DaemonSetInput.Depth.NO_TEMPLATE;
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "selector" -> selector = readSelector(path + ".selector");
                case "template" -> readTemplate(path + ".template");
                case "updateStrategy" -> readUpdateStrategy(path + ".updateStrategy");
                default -> parser.skipChildren();
            }
        });
    }

    private LabelSelector readSelector(String path) throws IOException {
        if (!values.object(path)) {
            return null;
        }
        LabelSelector selector = new LabelSelector();
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "matchLabels" -> selector.setMatchLabels(values.stringMap(path + ".matchLabels"));
                case "matchExpressions" -> selector.setMatchExpressions(readRequirements(path + ".matchExpressions"));
                default -> parser.skipChildren();
            }
        });
        return selector;
    }

    private List<LabelSelectorRequirement> readRequirements(String path) throws IOException {
        List<LabelSelectorRequirement> requirements = new ArrayList<>();
        if (!values.array(path)) {
            return requirements;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + index++ + "]";
            // A null item decodes to the zero requirement, which then fails validation as Go's would.
            LabelSelectorRequirement requirement = new LabelSelectorRequirement();
            if (parser.currentToken() != JsonToken.VALUE_NULL && values.object(itemPath)) {
                JsonFields.forEach(parser, field -> {
                    switch (field) {
                        case "key" -> requirement.setKey(values.string(itemPath + ".key"));
                        case "operator" -> requirement.setOperator(values.string(itemPath + ".operator"));
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
        if (!values.object(path)) {
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
        if (!values.object(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            if (field.equals("labels")) {
                templateLabels = values.stringMap(path + ".labels");
            } else {
                parser.skipChildren();
            }
        });
    }

    private void readPodSpec(String path) throws IOException {
        if (!values.object(path)) {
            return;
        }
        depth = DaemonSetInput.Depth.POD_SPEC;
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "restartPolicy" -> restartPolicy = values.string(path + ".restartPolicy");
                case "nodeSelector" -> nodeSelector = values.stringMap(path + ".nodeSelector");
                case "hostNetwork" -> hostNetwork = values.bool(path + ".hostNetwork");
                case "nodeName" -> nodeName = values.string(path + ".nodeName");
                case "priorityClassName" -> priorityClassName = values.string(path + ".priorityClassName");
                case "tolerations" -> tolerations = readTolerations(path + ".tolerations");
                case "affinity" -> readAffinity(path + ".affinity");
                case "containers" -> readContainers(path + ".containers", false);
                case "initContainers" -> readContainers(path + ".initContainers", true);
                case "overhead" -> overhead = readQuantities(path + ".overhead");
                default -> parser.skipChildren();
            }
        });
    }

    private List<Toleration> readTolerations(String path) throws IOException {
        List<Toleration> out = new ArrayList<>();
        if (!values.array(path)) {
            return out;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !values.object(itemPath)) {
                continue;
            }
            String[] fields = new String[4];
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "key" -> fields[0] = values.string(itemPath + ".key");
                    case "operator" -> fields[1] = values.string(itemPath + ".operator");
                    case "value" -> fields[2] = values.string(itemPath + ".value");
                    case "effect" -> fields[3] = values.string(itemPath + ".effect");
                    default -> parser.skipChildren();
                }
            });
            out.add(new Toleration(fields[0], fields[1], fields[2], fields[3]));
        }
        return out;
    }

    /** {@code affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution}; the rest is skipped. */
    private void readAffinity(String path) throws IOException {
        if (!values.object(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            if (field.equals("nodeAffinity") && values.object(path + ".nodeAffinity")) {
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
        if (!values.object(path)) {
            return;
        }
        requiredTerms = new ArrayList<>();
        JsonFields.forEach(parser, field -> {
            if (field.equals("nodeSelectorTerms") && values.array(path + ".nodeSelectorTerms")) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String termPath = path + ".nodeSelectorTerms[" + index++ + "]";
                    List<NodeTargeting.Requirement> expressions = new ArrayList<>();
                    List<NodeTargeting.Requirement> fields = new ArrayList<>();
                    if (parser.currentToken() != JsonToken.VALUE_NULL && values.object(termPath)) {
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

    /** {@code type} and {@code rollingUpdate.maxSurge}; the rest is skipped. */
    private void readUpdateStrategy(String path) throws IOException {
        if (!values.object(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "type" -> updateType = values.string(path + ".type");
                case "rollingUpdate" -> {
                    if (values.object(path + ".rollingUpdate")) {
                        JsonFields.forEach(parser, inner -> {
                            if (inner.equals("maxSurge")) {
                                maxSurge = values.intOrString(path + ".rollingUpdate.maxSurge");
                            } else {
                                parser.skipChildren();
                            }
                        });
                    }
                }
                default -> parser.skipChildren();
            }
        });
    }

    /** The containers: their ports, resources, and what decides whether they hold them ({@link ContainerInput}). */
    private void readContainers(String path, boolean init) throws IOException {
        if (!values.array(path)) {
            return;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String containerPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !values.object(containerPath)) {
                continue;
            }
            List<HostPort.Declared> declared = new ArrayList<>(0);
            String[] restartPolicy = {null};
            List<Map<String, String>> resources = new ArrayList<>(List.of(Map.of(), Map.of()));
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "ports" -> readPorts(containerPath + ".ports", declared);
                    case "restartPolicy" -> restartPolicy[0] = values.string(containerPath + ".restartPolicy");
                    case "resources" -> readResources(containerPath + ".resources", resources);
                    default -> parser.skipChildren();
                }
            });
            containers.add(new ContainerInput(init, restartPolicy[0], declared, resources.get(0), resources.get(1)));
        }
    }

    /** {@code requests} and {@code limits}, into the first and second place of {@code into}. */
    private void readResources(String path, List<Map<String, String>> into) throws IOException {
        if (!values.object(path)) {
            return;
        }
        JsonFields.forEach(parser, field -> {
            switch (field) {
                case "requests" -> into.set(0, readQuantities(path + ".requests"));
                case "limits" -> into.set(1, readQuantities(path + ".limits"));
                default -> parser.skipChildren();
            }
        });
    }

    /** A map of quantities, each as written: Kubernetes takes {@code "100m"} and a bare number such as {@code 2} alike. */
    private Map<String, String> readQuantities(String path) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (!values.object(path)) {
            return out;
        }
        JsonFields.forEach(parser, name -> {
            String quantity = values.quantity(path + "[" + name + "]");
            if (quantity != null) {
                out.put(name, quantity);
            }
        });
        return out;
    }

    private void readPorts(String path, List<HostPort.Declared> out) throws IOException {
        if (!values.array(path)) {
            return;
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String portPath = path + "[" + index++ + "]";
            if (parser.currentToken() == JsonToken.VALUE_NULL || !values.object(portPath)) {
                continue;
            }
            Integer[] numbers = {null, null};
            String[] texts = {null, null};
            JsonFields.forEach(parser, field -> {
                switch (field) {
                    case "containerPort" -> numbers[0] = values.int32(portPath + ".containerPort");
                    case "hostPort" -> numbers[1] = values.int32(portPath + ".hostPort");
                    case "protocol" -> texts[0] = values.string(portPath + ".protocol");
                    case "hostIP" -> texts[1] = values.string(portPath + ".hostIP");
                    default -> parser.skipChildren();
                }
            });
            out.add(new HostPort.Declared(portPath, numbers[0], numbers[1], texts[0], texts[1]));
        }
    }

    /** A list of strings, where a {@code null} item is the empty string, as Go decodes it. */
    private List<String> readStringList(String path) throws IOException {
        List<String> list = new ArrayList<>();
        for (String value : values.strings(path)) {
            list.add(value == null ? "" : value);
        }
        return list;
    }

    /** The value the parser is on, as a shape error shows it. */
    private static Object valueForMessage(JsonParser parser) throws IOException {
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
