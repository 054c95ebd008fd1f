package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes label key and value syntax, with the API server's own error messages.
 *
 * <p>The rules are those of apimachinery's {@code IsQualifiedName}, {@code IsValidLabelValue} and
 * {@code IsDNS1123Subdomain}. They are checked by hand-written scanners rather than regular
 * expressions, since they run for every label of every review. Lengths are counted in UTF-8
 * bytes, as Go's {@code len} counts them.
 */
public final class LabelSyntax {

    public static final int NAME_MAX_LENGTH = 63;
    public static final int VALUE_MAX_LENGTH = 63;
    public static final int PREFIX_MAX_LENGTH = 253;

    private static final String NAME_PATTERN = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String NAME_RULE = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String NAME_REGEX_ERROR = NAME_RULE + examples(NAME_PATTERN, "MyName", "my.name", "123-abc");
    private static final String VALUE_REGEX_ERROR = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
            + examples("(" + NAME_PATTERN + ")?", "MyValue", "my_value", "12345");
    private static final String SUBDOMAIN_REGEX_ERROR = "a lowercase RFC 1123 subdomain must consist of lower "
            + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
            + examples("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", "example.com");
    private static final String TOO_MANY_SLASHES = "a qualified name " + NAME_REGEX_ERROR
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

    private LabelSyntax() {}

    /** The problems with a label key (a qualified name), empty when the key is valid. */
    public static List<String> keyErrors(String key) {
        int slash = key.indexOf('/');
        if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) {
            return List.of(TOO_MANY_SLASHES);
        }
        List<String> errors = null;
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                errors = add(errors, "prefix part must be non-empty");
            } else {
                if (utf8Length(prefix) > PREFIX_MAX_LENGTH) {
                    errors = add(errors, "prefix part " + maxLength(PREFIX_MAX_LENGTH));
                }
                if (!isSubdomain(prefix)) {
                    errors = add(errors, "prefix part " + SUBDOMAIN_REGEX_ERROR);
                }
            }
        }
        if (name.isEmpty()) {
            errors = add(errors, "name part must be non-empty");
        } else if (utf8Length(name) > NAME_MAX_LENGTH) {
            errors = add(errors, "name part " + maxLength(NAME_MAX_LENGTH));
        }
        if (!isName(name)) {
            errors = add(errors, "name part " + NAME_REGEX_ERROR);
        }
        return errors == null ? List.of() : errors;
    }

    /** The problems with a label value, empty when the value is valid. */
    public static List<String> valueErrors(String value) {
        List<String> errors = null;
        if (utf8Length(value) > VALUE_MAX_LENGTH) {
            errors = add(errors, maxLength(VALUE_MAX_LENGTH));
        }
        if (!value.isEmpty() && !isName(value)) {
            errors = add(errors, VALUE_REGEX_ERROR);
        }
        return errors == null ? List.of() : errors;
    }

    /**
     * Whether a key is a valid qualified name. It allocates nothing, so judging thousands of
     * labels costs no garbage; {@link #keyErrors} says why when it is not.
     */
    public static boolean isValidKey(String key) {
        int n = key.length();
        int slash = key.indexOf('/');
        if (slash < 0) {
            // A valid name is ASCII, so its length in characters is its length in bytes.
            return n <= NAME_MAX_LENGTH && isName(key, 0, n);
        }
        return key.indexOf('/', slash + 1) < 0
                && slash > 0
                && slash <= PREFIX_MAX_LENGTH
                && isSubdomain(key, 0, slash)
                && n - slash - 1 <= NAME_MAX_LENGTH
                && isName(key, slash + 1, n);
    }

    /** Whether a value is a valid label value; it allocates nothing. */
    public static boolean isValidValue(String value) {
        return value.isEmpty() || (value.length() <= VALUE_MAX_LENGTH && isName(value, 0, value.length()));
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}, without the length limit. */
    private static boolean isName(String s) {
        return isName(s, 0, s.length());
    }

    private static boolean isName(String s, int from, int to) {
        if (to == from || !isAlphanumeric(s.charAt(from)) || !isAlphanumeric(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Dot-separated labels of {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, without the length limit. */
    private static boolean isSubdomain(String s) {
        return isSubdomain(s, 0, s.length());
    }

    private static boolean isSubdomain(String s, int from, int n) {
        int start = from;
        while (true) {
            int end = s.indexOf('.', start);
            if (end < 0 || end > n) {
                end = n;
            }
            if (!isDnsLabel(s, start, end)) {
                return false;
            }
            if (end == n) {
                return true;
            }
            start = end + 1;
        }
    }

    private static boolean isDnsLabel(String s, int from, int to) {
        if (from == to || !isLowerAlphanumeric(s.charAt(from)) || !isLowerAlphanumeric(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isLowerAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The length Go's {@code len} reports: UTF-8 bytes, not characters. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String maxLength(int max) {
        return "must be no more than " + max + " characters";
    }

    /** apimachinery's {@code RegexError} suffix, double space after each comma included. */
    private static String examples(String pattern, String... examples) {
        StringBuilder out = new StringBuilder(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '")
                .append(pattern)
                .append("')")
                .toString();
    }

    private static List<String> add(List<String> errors, String error) {
        List<String> out = errors == null ? new ArrayList<>(2) : errors;
        out.add(error);
        return out;
    }
}
