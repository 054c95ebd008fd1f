package dev.dswebhook.policy;

import java.util.List;

/**
 * Go's zero values for what the Java side leaves {@code null}: where Kubernetes reads an absent
 * string as {@code ""} and an absent list as empty, so do the layers here.
 */
public final class ZeroValues {

    private ZeroValues() {}

    /** The string, or {@code ""} when it is absent. */
    public static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The list, or an empty one when it is absent. */
    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
