package dev.dswebhook.admission;

/** The operation under review, from {@code request.operation}. */
public enum Operation {
    CREATE,
    UPDATE,
    DELETE,
    CONNECT,
    /** An operation this version of the webhook does not know, which it lets through untouched. */
    OTHER;

    /** Parses the wire name; the API server spells operations in upper case. */
    public static Operation of(String name) {
        return switch (name) {
            case "CREATE" -> CREATE;
            case "UPDATE" -> UPDATE;
            case "DELETE" -> DELETE;
            case "CONNECT" -> CONNECT;
            default -> OTHER;
        };
    }
}
