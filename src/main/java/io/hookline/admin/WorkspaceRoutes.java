package io.hookline.admin;

import io.hookline.event.EventParser;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.Keyset;
import io.hookline.store.WorkspaceStore;
import io.hookline.workspace.WorkspaceLifecycle;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Workspaces (docs/api.md): {@code PUT/GET/DELETE /v1/workspaces/{ws}} and the admin's list of them. A workspace
 * has a name and the address auto-disable mails go to.
 */
final class WorkspaceRoutes {

    /** No white space, control, invisible or unpaired-surrogate characters: they cannot be stored or mailed to. */
    private static final Pattern EMAIL = Pattern.compile(
            "[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+@[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+\\.[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+");

    private static final String LIST = "workspaces";

    private final Pool pool;
    private final WorkspaceLifecycle lifecycle;

    WorkspaceRoutes(Pool pool, WorkspaceLifecycle lifecycle) {
        this.pool = pool;
        this.lifecycle = lifecycle;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces").handler(this::list);
        router.put("/v1/workspaces/:ws").handler(this::put);
        router.get("/v1/workspaces/:ws").handler(this::get);
        router.delete("/v1/workspaces/:ws").handler(this::delete);
    }

    private void list(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        WorkspaceStore.page(pool, page)
                .onSuccess(rows -> Responses.json(
                        ctx,
                        200,
                        Pages.body(page, list, Requests.rows(rows), r -> r.getLong("seq"), WorkspaceRoutes::json)))
                .onFailure(ctx::fail);
    }

    private void put(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String ws = ctx.pathParam("ws");
        JsonObject body = Requests.body(ctx, Set.of("name", "notification_email"));
        List<Violation> problems = new ArrayList<>();
        if (!EventParser.WORKSPACE_ID.matcher(ws).matches()) {
            problems.add(new Violation("workspace_id", "must be 1..64 characters of A-Z, a-z, 0-9, '_' and '-'"));
        }
        String name = body.getValue("name") instanceof String n ? n.strip() : null;
        String nameProblem = name == null ? null : Names.characterProblem(name);
        if (nameProblem != null) {
            problems.add(new Violation("name", nameProblem));
        } else if (name == null || name.isEmpty()) {
            problems.add(new Violation("name", "is required: a string of 1..200 characters"));
        } else if (name.length() > 200) {
            problems.add(new Violation("name", "must be at most 200 characters (got " + name.length() + ")"));
        }
        Object email = body.getValue("notification_email");
        // SMTP's own limits (RFC 5321): a longer address is refused by mail servers, so every notice would fail
        if (email != null
                && (!(email instanceof String e)
                        || e.length() > 254
                        || e.lastIndexOf('@') > 64
                        || !EMAIL.matcher(e).matches())) {
            problems.add(new Violation(
                    "notification_email",
                    "must be an email address like ops@example.com (at most 64 characters before the @ and 254 in"
                            + " all), or null"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid("The workspace is invalid.", problems);
        }
        lifecycle
                .put(ws, name, (String) email)
                .onSuccess(row -> Responses.json(ctx, row.getBoolean("created") ? 201 : 200, json(row)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        WorkspaceStore.get(pool, ws)
                .onSuccess(row -> {
                    if (row == null) {
                        ctx.fail(notFound(ws));
                    } else {
                        Responses.json(ctx, 200, json(row));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String ws = Requests.workspace(ctx);
        lifecycle
                .delete(ws, AdminAuth.principal(ctx).actor())
                .onSuccess(deleted -> {
                    if (deleted) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(notFound(ws));
                    }
                })
                .onFailure(ctx::fail);
    }

    static ApiException notFound(String ws) {
        return ApiException.notFound("Workspace '" + ws + "' does not exist.");
    }

    static JsonObject json(Row row) {
        return new JsonObject()
                .put("id", row.getString("id"))
                .put("name", row.getString("name"))
                .put("notification_email", row.getString("notification_email"))
                .put("created_at", Times.iso(row.getOffsetDateTime("created_at")))
                .put("updated_at", Times.iso(row.getOffsetDateTime("updated_at")));
    }
}
