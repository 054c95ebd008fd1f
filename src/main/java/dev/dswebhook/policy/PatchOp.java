package dev.dswebhook.policy;

import java.util.Objects;

/**
 * One RFC 6902 JSON Patch operation.
 *
 * @param op    the operation, such as {@code add}
 * @param path  a JSON Pointer into the object as it was sent
 * @param value a string, or a map of nested values, to put at {@code path}
 */
public record PatchOp(String op, String path, Object value) {

    public PatchOp {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
    }

    /**
     * An {@code add} operation. RFC 6902 lets {@code add} replace an existing member, so one op
     * covers a field that is absent, {@code null} or empty, and it never fails the way
     * {@code replace} fails on a missing member.
     */
    public static PatchOp add(String path, Object value) {
        return new PatchOp("add", path, value);
    }
}
