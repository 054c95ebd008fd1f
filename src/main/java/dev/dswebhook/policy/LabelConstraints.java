package dev.dswebhook.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conjunction of requirements on an object's labels, and the exact test of whether some label
 * set satisfies them all: whether two selectors, or two node-targeting terms, can match one object.
 *
 * <p>Labels are independent of each other, so the question is decided key by key. For one key: a
 * requirement that the key be absent ({@code DoesNotExist}) and one that it be present ({@code In},
 * {@code Exists}, {@code Gt}, {@code Lt}, an equality) cannot both hold; {@code NotIn} holds for
 * an absent key; and a present key needs one value that every requirement accepts. Values range
 * over what a label may hold: a valid label value ({@code Gt} and {@code Lt} compare it as Go's
 * {@code strconv.ParseInt} reads it, so only digit strings of up to 19 digits are numbers).
 * A few keys, such as a Node's {@code metadata.name} in {@code matchFields}, are always present.
 */
final class LabelConstraints {

    /** The operators, as node selector requirements spell them; label selectors use the first four. */
    enum Operator {
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST,
        GT,
        LT;

        /** The operator a requirement names, or {@code null} for one Kubernetes does not know. */
        static Operator of(String name) {
            return switch (name == null ? "" : name) {
                case "In" -> IN;
                case "NotIn" -> NOT_IN;
                case "Exists" -> EXISTS;
                case "DoesNotExist" -> DOES_NOT_EXIST;
                case "Gt" -> GT;
                case "Lt" -> LT;
                default -> null;
            };
        }
    }

    /** One requirement on one key. */
    record Requirement(String key, Operator operator, List<String> values) {

        Requirement {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }

    private final Map<String, List<Requirement>> byKey = new HashMap<>();
    private final Set<String> alwaysPresent = new HashSet<>();
    private boolean impossible;

    /** Adds a requirement; an unknown operator, or a number that does not parse, matches nothing. */
    LabelConstraints require(String key, String operator, List<String> values) {
        Operator op = Operator.of(operator);
        if (op == null
                || ((op == Operator.GT || op == Operator.LT)
                        && (values == null || values.size() != 1 || parseInt(values.get(0)) == null))) {
            impossible = true;
            return this;
        }
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Requirement(key, op, values));
        return this;
    }

    /** Requires {@code key} to hold exactly {@code value}, as a {@code nodeSelector} entry or {@code matchLabels} does. */
    LabelConstraints requireEqual(String key, String value) {
        return require(key, "In", List.of(value));
    }

    /** Marks a key that every object has, such as a Node's name. */
    LabelConstraints alwaysPresent(String key) {
        alwaysPresent.add(key);
        return this;
    }

    /** These constraints and those of {@code other}, together. */
    LabelConstraints and(LabelConstraints other) {
        LabelConstraints out = new LabelConstraints();
        for (LabelConstraints part : List.of(this, other)) {
            part.byKey.forEach((key, list) ->
                    out.byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(list));
            out.alwaysPresent.addAll(part.alwaysPresent);
            out.impossible |= part.impossible;
        }
        return out;
    }

    /** Whether some label set satisfies every requirement. */
    boolean satisfiable() {
        if (impossible) {
            return false;
        }
        for (Map.Entry<String, List<Requirement>> key : byKey.entrySet()) {
            if (!satisfiable(key.getValue(), alwaysPresent.contains(key.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a concrete label set satisfies every requirement. */
    boolean matches(Map<String, String> labels) {
        if (impossible) {
            return false;
        }
        for (List<Requirement> requirements : byKey.values()) {
            for (Requirement requirement : requirements) {
                if (!holds(requirement, labels.get(requirement.key()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether one requirement holds for a key's value, {@code null} when the key is absent. */
    static boolean holds(Requirement requirement, String value) {
        return switch (requirement.operator()) {
            case IN -> value != null && requirement.values().contains(value);
            case NOT_IN -> value == null || !requirement.values().contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GT, LT -> {
                Long actual = value == null ? null : parseInt(value);
                long bound = parseInt(requirement.values().get(0));
                yield actual != null && (requirement.operator() == Operator.GT ? actual > bound : actual < bound);
            }
        };
    }

    /**
     * Whether some value of one key satisfies its requirements.
     *
     * @param present whether the key is a field every object has, such as a Node's name, whose
     *                values are not bound by label syntax (a Node's name may be 253 characters long)
     */
    private static boolean satisfiable(List<Requirement> requirements, boolean present) {
        boolean needPresent = present;
        boolean needAbsent = false;
        for (Requirement requirement : requirements) {
            switch (requirement.operator()) {
                case IN, EXISTS, GT, LT -> needPresent = true;
                case DOES_NOT_EXIST -> needAbsent = true;
                case NOT_IN -> {}
            }
        }
        if (needPresent && needAbsent) {
            return false;
        }
        if (!needPresent) {
            return true;
        }
        for (String candidate : candidates(requirements, present)) {
            boolean all = true;
            for (Requirement requirement : requirements) {
                all &= holds(requirement, candidate);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /**
     * Enough values to find one that satisfies the requirements if any does: every value they
     * name, and, beyond those, more unnamed values than the requirements exclude, numbers within
     * the bounds of {@code Gt} and {@code Lt} when there are any, words otherwise. Unnamed values
     * are alike to the requirements, so if none of these does, no value does.
     */
    private static List<String> candidates(List<Requirement> requirements, boolean field) {
        List<String> out = new ArrayList<>();
        long low = 0;
        long high = Long.MAX_VALUE;
        boolean numeric = false;
        int excluded = 0;
        for (Requirement requirement : requirements) {
            switch (requirement.operator()) {
                case IN ->
                    requirement.values().stream()
                            .filter(value -> field || LabelSyntax.isValidValue(value))
                            .forEach(out::add);
                case NOT_IN -> excluded += requirement.values().size();
                case GT -> {
                    numeric = true;
                    long bound = parseInt(requirement.values().get(0));
                    low = Math.max(low, bound == Long.MAX_VALUE ? Long.MAX_VALUE : bound + 1);
                    if (bound == Long.MAX_VALUE) {
                        high = -1;
                    }
                }
                case LT -> {
                    numeric = true;
                    long bound = parseInt(requirement.values().get(0));
                    high = Math.min(high, bound == Long.MIN_VALUE ? -1 : bound - 1);
                }
                default -> {}
            }
        }
        if (numeric) {
            // A number can be written with leading zeros, each spelling a different label value.
            for (long n = low; n >= low && n <= high && n - low <= excluded; n++) {
                String digits = Long.toString(n);
                for (int zeros = 0; zeros <= excluded && digits.length() + zeros <= 63; zeros++) {
                    out.add("0".repeat(zeros) + digits);
                }
            }
        } else {
            for (int i = 0; i <= excluded; i++) {
                out.add("v" + i);
            }
            out.add("");
        }
        return out;
    }

    /** A label value as Go's {@code strconv.ParseInt(value, 10, 64)} reads it, or {@code null}. */
    static Long parseInt(String value) {
        // Go takes an optional sign and ASCII digits only; Java's parser would take other digits too.
        int start = !value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == '-') ? 1 : 0;
        if (start == value.length()) {
            return null;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
