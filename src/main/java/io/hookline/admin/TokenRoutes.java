package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Workspace tokens (admin only): minted with a name, shown once, stored only as a SHA-256 hash. A workspace token
 * reaches its own workspace and nothing else.
 */
final class TokenRoutes {

  private static final SecureRandom RANDOM = new SecureRandom();

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
    pool.preparedQuery("INSERT INTO workspace_tokens (id, workspace_id, name, token_hash) "
            + "SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = $2) RETURNING created_at")
        .execute(Tuple.of(id, ws, name, Buffer.buffer(BearerTokens.sha256(token))))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("Workspace '" + ws + "' does not exist."));
            return;
          }
          Responses.json(ctx, 201, new JsonObject().put("id", id.toString()).put("name", name).put("token", token)
              .put("created_at", Times.iso(rows.iterator().next().getOffsetDateTime("created_at"))));
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    String ws = Requests.workspace(ctx);
    Responses.list(ctx, pool.preparedQuery("SELECT id, name, created_at FROM workspace_tokens "
            + "WHERE workspace_id = $1 ORDER BY created_at DESC, id").execute(Tuple.of(ws)),
        r -> new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name"))
            .put("created_at", Times.iso(r.getOffsetDateTime("created_at"))));
  }

  private void revoke(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    String ws = Requests.workspace(ctx);
    UUID id = Requests.uuid(ctx, "id", "token");
    pool.preparedQuery("DELETE FROM workspace_tokens WHERE workspace_id = $1 AND id = $2").execute(Tuple.of(ws, id))
        .onSuccess(rows -> {
          if (rows.rowCount() == 0) {
            ctx.fail(ApiException.notFound("Workspace '" + ws + "' has no token " + id + "."));
          } else {
            ctx.response().setStatusCode(204).end();
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
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "hlw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
