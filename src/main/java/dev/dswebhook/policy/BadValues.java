package dev.dswebhook.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an offending value for a message exactly as the API server's field errors do.
 *
 * <p>A string is quoted the way Go's {@code %q} quotes it. Anything else is Go's
 * {@code encoding/json}: map keys sorted by their UTF-8 bytes, struct fields in declaration order
 * and {@code omitempty} respected, {@code <}, {@code >} and {@code &} escaped for HTML, and
 * {@code null} for an absent map. Nothing is cut short: the API server prints values whole.
 */
final class BadValues {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go sorts map keys as byte strings; for UTF-8 that is code point order, not UTF-16 order. */
    private static final Comparator<String> BYTE_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private BadValues() {}

    static String render(Object value) {
        StringBuilder out = new StringBuilder();
        if (value instanceof String s) {
            goQuote(out, s);
        } else {
            json(out, value);
        }
        return out.toString();
    }

    private static void json(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            jsonString(out, s);
        } else if (value instanceof Map<?, ?> map) {
            jsonMap(out, map);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                json(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof LabelSelector selector) {
            jsonSelector(out, selector);
        } else if (value instanceof LabelSelectorRequirement requirement) {
            // key and operator are plain strings in Go, always present; values has omitempty.
            out.append("{\"key\":");
            jsonString(out, ZeroValues.orEmpty(requirement.getKey()));
            out.append(",\"operator\":");
            jsonString(out, ZeroValues.orEmpty(requirement.getOperator()));
            if (requirement.getValues() != null && !requirement.getValues().isEmpty()) {
                out.append(",\"values\":");
                json(out, requirement.getValues());
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** A selector in the field order of Go's {@code LabelSelector}, empty fields left out. */
    private static void jsonSelector(StringBuilder out, LabelSelector selector) {
        out.append('{');
        boolean any = false;
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().isEmpty()) {
            out.append("\"matchLabels\":");
            jsonMap(out, selector.getMatchLabels());
            any = true;
        }
        if (selector.getMatchExpressions() != null
                && !selector.getMatchExpressions().isEmpty()) {
            if (any) {
                out.append(',');
            }
            out.append("\"matchExpressions\":");
            json(out, selector.getMatchExpressions());
        }
        out.append('}');
    }

    private static void jsonMap(StringBuilder out, Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>(BYTE_ORDER);
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            jsonString(out, entry.getKey());
            out.append(':');
            json(out, entry.getValue());
        }
        out.append('}');
    }

    /** A JSON string as Go's {@code encoding/json} writes it, HTML escaping included. */
    private static void jsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isSurrogate(c) && !isPair(s, i)) {
                        // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is Java's equivalent.
                        out.append("\\ufffd");
                    } else {
                        if (Character.isHighSurrogate(c)) {
                            out.append(c);
                            c = s.charAt(++i);
                        }
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A string as Go's {@code strconv.Quote} writes it: printable characters as they are. */
    private static void goQuote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (isGoPrintable(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else if (Character.isSurrogate((char) c)) {
                        out.append("\\ufffd");
                    } else if (c < 0x10000) {
                        out.append("\\u");
                        hex(out, c, 4);
                    } else {
                        out.append("\\U");
                        hex(out, c, 8);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isGoPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static boolean isPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        hex(out, c, 4);
    }

    private static void hex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >> shift) & 0xF]);
        }
    }
}
