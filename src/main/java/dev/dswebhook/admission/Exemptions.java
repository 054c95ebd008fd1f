package dev.dswebhook.admission;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Requests the webhook lets through without judging: from exempt namespaces, users or groups.
 *
 * <p>This is a second line behind the registrations' {@code namespaceSelector}: it holds even when
 * a registration was edited by hand, and it can name users and groups, which a selector cannot,
 * for example a break-glass group.
 *
 * @param namespaces exempt namespaces
 * @param users      exempt user names, such as {@code system:serviceaccount:ns:name}
 * @param groups     exempt groups
 */
public record Exemptions(Set<String> namespaces, Set<String> users, Set<String> groups) {

    /** Nothing is exempt. */
    public static final Exemptions NONE = new Exemptions(Set.of(), Set.of(), Set.of());

    public Exemptions {
        namespaces = Set.copyOf(namespaces);
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    /** Builds exemptions from configured lists, ignoring blank entries. */
    public static Exemptions of(Collection<String> namespaces, Collection<String> users, Collection<String> groups) {
        return new Exemptions(clean(namespaces), clean(users), clean(groups));
    }

    /** Why a request is exempt, such as {@code namespace kube-system}, or empty when it is not. */
    public Optional<String> reason(AdmissionRequest request) {
        if (namespaces.contains(request.namespace())) {
            return Optional.of("namespace " + request.namespace());
        }
        if (users.contains(request.userInfo().username())) {
            return Optional.of("user " + request.userInfo().username());
        }
        for (String group : request.userInfo().groups()) {
            if (groups.contains(group)) {
                return Optional.of("group " + group);
            }
        }
        return Optional.empty();
    }

    private static Set<String> clean(Collection<String> values) {
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).collect(java.util.stream.Collectors.toSet());
    }
}
