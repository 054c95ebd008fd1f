package dev.dswebhook.policy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster-aware violations the stored object of an update already had, which the update
 * therefore does not deny. A violation is the same one when its rule and its words after the field
 * are: the field path may move (a port listed first now, second before) or carry the
 * {@code oldObject.} prefix of the review, but the conflict, with the same port and the same other
 * object, is the same.
 */
public final class InheritedViolations {

    /** None: a create, or an old object the rules could not judge. */
    public static final InheritedViolations NONE = new InheritedViolations(List.of());

    private final Set<String> keys = new HashSet<>();

    InheritedViolations(List<Violation> violations) {
        for (Violation violation : violations) {
            keys.add(key(violation));
        }
    }

    /** Whether the old object had this violation too. */
    public boolean covers(Violation violation) {
        return !keys.isEmpty() && violation.rule().seesTheCluster() && keys.contains(key(violation));
    }

    /** Whether there are any. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    private static String key(Violation violation) {
        return violation.rule().id() + "\n" + violation.body();
    }
}
