package io.hookline.admin;

/**
 * Who is calling the management API: the admin (every workspace) or a workspace token (its own workspace only).
 * {@code actor} is what the audit log records: {@code admin} or the token's name.
 */
public record Principal(String actor, String workspaceId) {

    public static final Principal ADMIN = new Principal("admin", null);
    static final String KEY = "hookline.principal";

    public boolean isAdmin() {
        return workspaceId == null;
    }

    public boolean mayAccess(String workspace) {
        return isAdmin() || workspaceId.equals(workspace);
    }
}
