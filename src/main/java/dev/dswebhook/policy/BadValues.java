package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an offending value for a message: strings quoted, maps and selectors as compact JSON.
 *
 * <p>Map keys are sorted so that the same object always yields the same message. A rendering
 * longer than {@link #MAX_LENGTH} is cut short, because a denial message travels back through
 * the API server to a terminal, and a multi-kilobyte label value helps nobody there.
 */
final class BadValues {

    static final int MAX_LENGTH = 256;

    private BadValues() {
    }

    static String render(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        if (out.length() > MAX_LENGTH) {
            int dropped = out.length() - MAX_LENGTH;
            out.setLength(MAX_LENGTH);
            out.append("...(").append(dropped).append(" more characters)");
        }
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Map<?, ?> map) {
            appendMap(out, map);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof LabelSelector selector) {
            appendSelector(out, selector);
        } else if (value instanceof LabelSelectorRequirement requirement) {
            Map<String, Object> fields = new TreeMap<>();
            fields.put("key", requirement.getKey());
            fields.put("operator", requirement.getOperator());
            if (requirement.getValues() != null && !requirement.getValues().isEmpty()) {
                fields.put("values", requirement.getValues());
            }
            appendMap(out, fields);
        } else {
            out.append(value);
        }
    }

    private static void appendSelector(StringBuilder out, LabelSelector selector) {
        out.append('{');
        boolean any = false;
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            out.append("\"matchExpressions\":");
            append(out, selector.getMatchExpressions());
            any = true;
        }
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            if (any) {
                out.append(',');
            }
            out.append("\"matchLabels\":");
            appendMap(out, selector.getMatchLabels());
        }
        out.append('}');
    }

    private static void appendMap(StringBuilder out, Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, entry.getKey());
            out.append(':');
            append(out, entry.getValue());
        }
        out.append('}');
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
