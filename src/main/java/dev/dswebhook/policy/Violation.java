package dev.dswebhook.policy;

import java.util.Objects;

/**
 * One broken rule at one field, phrased the way the API server phrases its own field errors.
 *
 * @param rule     the rule that was broken
 * @param type     the kind of field error
 * @param field    the field path, such as {@code spec.selector.matchExpressions[0].operator}
 * @param badValue the offending value already rendered for display, or {@code null} when the
 *                 error type does not show one
 * @param detail   the explanation after the value, or an empty string
 * @param brief    the same in a few words, for a warning, which should stay under 120 characters
 *                 (a cluster-aware rule names another object and a Node, which the full message
 *                 would push past that); {@code null} when the message itself is short enough
 * @param possible whether it only may happen, as when two DaemonSets would meet on a Node that
 *                 no taint-free Node known now is: such a violation never denies, whatever its
 *                 rule's mode, and says why it is only possible
 */
public record Violation(
        Rule rule, FieldErrorType type, String field, String badValue, String detail, String brief, boolean possible) {

    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }

    /** A certain violation whose warning is its whole message. */
    public Violation(Rule rule, FieldErrorType type, String field, String badValue, String detail) {
        this(rule, type, field, badValue, detail, null, false);
    }

    /** The same violation, worded in {@code brief} when it is a warning. */
    Violation briefly(String brief) {
        return new Violation(rule, type, field, badValue, detail, brief, possible);
    }

    /** The same violation, as one that only may happen when {@code possible}. */
    Violation possibly(boolean possible) {
        return new Violation(rule, type, field, badValue, detail, brief, possible);
    }

    /** How a warning words it: the brief form, or the whole message. */
    public String warningText() {
        return brief != null ? brief : message();
    }

    static Violation required(Rule rule, String field, String detail) {
        return new Violation(rule, FieldErrorType.REQUIRED, field, null, detail);
    }

    static Violation invalid(Rule rule, String field, Object value, String detail) {
        return new Violation(rule, FieldErrorType.INVALID, field, BadValues.render(value), detail);
    }

    static Violation notSupported(Rule rule, String field, Object value, String... supported) {
        StringBuilder detail = new StringBuilder("supported values: ");
        for (int i = 0; i < supported.length; i++) {
            if (i > 0) {
                detail.append(", ");
            }
            detail.append(BadValues.render(supported[i]));
        }
        return new Violation(rule, FieldErrorType.NOT_SUPPORTED, field, BadValues.render(value), detail.toString());
    }

    static Violation forbidden(Rule rule, String field, String detail) {
        return new Violation(rule, FieldErrorType.FORBIDDEN, field, null, detail);
    }

    /** Stands for an object value in a message, where printing the whole subtree would not help. */
    public static final Object AN_OBJECT = new Placeholder("{...}");

    /** Stands for an array value in a message. */
    public static final Object AN_ARRAY = new Placeholder("[...]");

    /**
     * An object-shape error, for decoders that meet a value of the wrong JSON type.
     *
     * @param value a string, number or boolean as read, or {@link #AN_OBJECT} or {@link #AN_ARRAY}
     */
    public static Violation malformed(String field, Object value, String detail) {
        return new Violation(Rule.MALFORMED_OBJECT, FieldErrorType.INVALID, field, BadValues.render(value), detail);
    }

    /** A required part of the object or review is missing. */
    public static Violation missing(Rule rule, String field, String detail) {
        return required(rule, field, detail);
    }

    /** The message without the field path, as in a {@code StatusCause.message}. */
    public String body() {
        StringBuilder out = new StringBuilder(type.words());
        if (type.showsValue() && badValue != null) {
            out.append(": ").append(badValue);
        }
        if (!detail.isEmpty()) {
            out.append(": ").append(detail);
        }
        return out.toString();
    }

    /** The full message, such as {@code spec.selector: Invalid value: {}: empty selector is invalid for daemonset}. */
    public String message() {
        return field + ": " + body();
    }

    @Override
    public String toString() {
        return message();
    }

    private record Placeholder(String text) {
        @Override
        public String toString() {
            return text;
        }
    }
}
