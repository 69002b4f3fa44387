package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code PUT/GET /v1/workspaces/{ws}}: a workspace, its name and the address auto-disable mails go to. */
final class WorkspaceRoutes {

  /** No white space, control, invisible or unpaired-surrogate characters: they cannot be stored or mailed to. */
  private static final Pattern EMAIL = Pattern.compile(
      "[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+@[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+\\.[^@\\s\\p{Cc}\\p{Cf}\\p{Cs}]+");
  private static final String COLUMNS = "id, name, notification_email, created_at, updated_at";

  private final Pool pool;

  WorkspaceRoutes(Pool pool) {
    this.pool = pool;
  }

  void addRoutes(Router router) {
    router.put("/v1/workspaces/:ws").handler(this::put);
    router.get("/v1/workspaces/:ws").handler(this::get);
  }

  private void put(RoutingContext ctx) {
    Requests.requireAdmin(ctx);
    String ws = ctx.pathParam("ws");
    JsonObject body = Requests.body(ctx, Set.of("name", "notification_email"));
    List<Violation> problems = new ArrayList<>();
    if (!Requests.WORKSPACE_ID.matcher(ws).matches()) {
      problems.add(new Violation("workspace_id", "must be 1..64 characters of A-Z, a-z, 0-9, '_' and '-'"));
    }
    String name = body.getValue("name") instanceof String n ? n.strip() : null;
    String nameProblem = name == null ? null : Names.characterProblem(name);
    if (nameProblem != null) {
      problems.add(new Violation("name", nameProblem));
    } else if (name == null || name.isEmpty() || name.length() > 200) {
      problems.add(new Violation("name", "is required: a string of 1..200 characters"));
    }
    Object email = body.getValue("notification_email");
    if (email != null && (!(email instanceof String e) || e.length() > 320 || !EMAIL.matcher(e).matches())) {
      problems.add(new Violation("notification_email", "must be an email address like ops@example.com, or null"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid("The workspace is invalid.", problems);
    }
    pool.preparedQuery("INSERT INTO workspaces AS w (id, name, notification_email) VALUES ($1, $2, $3) "
            + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, notification_email = excluded.notification_email, "
            + "updated_at = now() RETURNING " + COLUMNS + ", (xmax = 0) AS created")
        .execute(Tuple.of(ws, name, email))
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          Responses.json(ctx, row.getBoolean("created") ? 201 : 200, json(row));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    pool.preparedQuery("SELECT " + COLUMNS + " FROM workspaces WHERE id = $1").execute(Tuple.of(ws))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiException.notFound("Workspace '" + ws + "' does not exist."));
          } else {
            Responses.json(ctx, 200, json(rows.iterator().next()));
          }
        })
        .onFailure(ctx::fail);
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
