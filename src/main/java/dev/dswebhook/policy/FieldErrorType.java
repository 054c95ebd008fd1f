package dev.dswebhook.policy;

/**
 * The kinds of field error the API server reports, with the exact words it uses for each.
 *
 * <p>These mirror apimachinery's {@code field.ErrorType}, so that a denial reads the same as a
 * rejection by the API server itself, and its {@code StatusCause} reasons.
 */
public enum FieldErrorType {
    REQUIRED("Required value", "FieldValueRequired"),
    INVALID("Invalid value", "FieldValueInvalid"),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
    FORBIDDEN("Forbidden", "FieldValueForbidden");

    private final String words;
    private final String causeReason;

    FieldErrorType(String words, String causeReason) {
        this.words = words;
        this.causeReason = causeReason;
    }

    /** The phrase that follows the field path, such as {@code Invalid value}. */
    public String words() {
        return words;
    }

    /** The {@code StatusCause.reason} the API server gives this kind of error. */
    public String causeReason() {
        return causeReason;
    }

    /** Whether the API server prints the offending value for this kind of error. */
    boolean showsValue() {
        return this == INVALID || this == NOT_SUPPORTED;
    }
}
