package io.hookline.admin;

import io.hookline.config.Tokens;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.Keyset;
import io.hookline.store.TokenStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Workspace tokens (admin only): minted with a name, shown once, stored only as a SHA-256 hash. A workspace token
 * reaches its own workspace and nothing else.
 */
final class TokenRoutes {

    private static final String LIST = "tokens";

    private final Pool pool;

    TokenRoutes(Pool pool) {
        this.pool = pool;
    }

    void addRoutes(Router router) {
        router.post("/v1/workspaces/:ws/tokens").handler(this::mint);
        router.get("/v1/workspaces/:ws/tokens").handler(this::list);
        router.delete("/v1/workspaces/:ws/tokens/:id").handler(this::revoke);
    }

    private void mint(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String ws = Requests.workspace(ctx);
        String name = name(Requests.body(ctx, Set.of("name")).getValue("name"));
        UUID id = UUID.randomUUID();
        String token = newToken();
        TokenStore.insert(pool, id, ws, name, BearerTokens.sha256(token))
                .onSuccess(row -> {
                    if (row == null) {
                        ctx.fail(WorkspaceRoutes.notFound(ws));
                        return;
                    }
                    Responses.json(
                            ctx,
                            201,
                            new JsonObject()
                                    .put("id", id.toString())
                                    .put("name", name)
                                    .put("token", token)
                                    .put("created_at", Times.iso(row.getOffsetDateTime("created_at"))));
                })
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String ws = Requests.workspace(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        OwnedLists.ofExisting(pool, ws, TokenStore.page(pool, ws, page))
                .onSuccess(rows -> Responses.json(
                        ctx,
                        200,
                        Pages.body(
                                page,
                                list,
                                Requests.rows(rows),
                                r -> r.getLong("seq"),
                                r -> new JsonObject()
                                        .put("id", r.getUUID("id").toString())
                                        .put("name", r.getString("name"))
                                        .put("created_at", Times.iso(r.getOffsetDateTime("created_at"))))))
                .onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        Requests.requireAdmin(ctx);
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "token");
        TokenStore.delete(pool, ws, id)
                .onSuccess(deleted -> {
                    if (deleted) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(ApiException.notFound("Workspace '" + ws + "' has no token " + id + "."));
                    }
                })
                .onFailure(ctx::fail);
    }

    /** The name as it will be stored and shown as the audit actor (normalised, see {@link Names}). */
    private static String name(Object value) {
        String problem;
        String name = null;
        if (value instanceof String raw) {
            name = Names.normaliseTokenName(raw);
            problem = Names.tokenNameProblem(name);
        } else {
            problem = "is required: 1..100 characters naming who uses the token (not 'admin' or 'system'); it appears "
                    + "in the audit log";
        }
        if (problem != null) {
            throw ApiException.invalid("The token name " + problem + ".", List.of(new Violation("name", problem)));
        }
        return name;
    }

    private static String newToken() {
        return Tokens.generate("hlw_");
    }
}
