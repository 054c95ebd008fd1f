package dev.dswebhook.cli;

import dev.dswebhook.cli.manifest.InputError;
import dev.dswebhook.cli.manifest.Manifest;
import dev.dswebhook.policy.DaemonSetInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The DaemonSets as they are now, given with {@code --old}, looked up by namespace and name.
 *
 * <p>With an old object a DaemonSet is judged as an update, which adds selector immutability;
 * without one it is judged as a create. A manifest without a namespace matches only an old one
 * without a namespace, since which namespace {@code kubectl apply} puts it in is not in the file.
 */
final class OldObjects {

    /** No old objects: everything is judged as a create. */
    static final OldObjects NONE = new OldObjects(Map.of());

    private final Map<String, DaemonSetInput> byName;

    private OldObjects(Map<String, DaemonSetInput> byName) {
        this.byName = byName;
    }

    /**
     * Indexes the DaemonSets among the old sources' objects. Two of the same namespace and name
     * are an input error, because either choice could judge an update against the wrong object.
     */
    static OldObjects of(List<Manifest> manifests, List<InputError> errors) {
        Map<String, DaemonSetInput> byName = new HashMap<>();
        Map<String, Manifest> seen = new HashMap<>();
        for (Manifest manifest : manifests) {
            if (!manifest.isDaemonSet() || manifest.name().isEmpty()) {
                continue;
            }
            String key = key(manifest);
            Manifest first = seen.putIfAbsent(key, manifest);
            if (first != null) {
                errors.add(new InputError(
                        manifest.source().name(),
                        manifest.line(),
                        0,
                        "--old has two DaemonSets named " + manifest.displayName() + ": " + first.location() + " and "
                                + manifest.location()));
            } else {
                byName.put(key, manifest.daemonSet());
            }
        }
        return new OldObjects(byName);
    }

    /** The old object of a DaemonSet, or {@code null} when there is none and it is a create. */
    DaemonSetInput find(Manifest manifest) {
        return manifest.name().isEmpty() ? null : byName.get(key(manifest));
    }

    private static String key(Manifest manifest) {
        return manifest.namespace() + "/" + manifest.name();
    }
}
