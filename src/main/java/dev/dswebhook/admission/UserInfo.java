package dev.dswebhook.admission;

import java.util.List;

/**
 * Who made the request, from {@code request.userInfo}.
 *
 * @param username the user name, empty when not given
 * @param groups   the groups the user belongs to
 */
public record UserInfo(String username, List<String> groups) {

    public static final UserInfo UNKNOWN = new UserInfo("", List.of());

    public UserInfo {
        username = username == null ? "" : username;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
