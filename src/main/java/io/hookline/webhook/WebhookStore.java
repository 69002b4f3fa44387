package io.hookline.webhook;

import io.hookline.http.ApiException;
import io.hookline.store.AttemptLog;
import io.hookline.store.AuditLog;
import io.hookline.store.Keyset;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.hookline.event.WebhookEventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;

/**
 * Webhook definitions in PostgreSQL. Every change is one transaction that also writes the audit entry and a
 * {@code NOTIFY} for the other instances; this instance's cache is refreshed before the call returns, so an
 * event sent right after a successful create is fanned out to the new webhook.
 */
public final class WebhookStore {

  public static final String CHANNEL = "hookline_webhooks";

  private final Pool pool;
  private final Subscriptions subscriptions;
  private final int maxPerWorkspace;
  private final int retentionDays;

  public WebhookStore(Pool pool, Subscriptions subscriptions, int maxPerWorkspace, int retentionDays) {
    this.pool = pool;
    this.subscriptions = subscriptions;
    this.maxPerWorkspace = maxPerWorkspace;
    this.retentionDays = retentionDays;
  }

  /**
   * The values of a new or changed webhook, already validated. {@code resetErrors}: the caller asked for
   * {@code "enabled": true}, which always starts the failure count afresh.
   */
  public record Definition(String url, List<String> eventTypes, String format, boolean enabled, boolean resetErrors,
                           String filter, int reactionWindowMs) {

    /** The first type: the {@code event_type} column and field. */
    public String eventType() {
      return eventTypes.get(0);
    }

    String[] types() {
      return eventTypes.toArray(String[]::new);
    }
  }

  /** Creates a webhook; the result carries its {@code secret}, shown here and by GET .../secret only. */
  public Future<JsonObject> create(String workspaceId, Definition def, String actor) {
    UUID id = UUID.randomUUID();
    String secret = SecretRotation.newSecret();
    return pool.withTransaction(conn -> conn
            .preparedQuery("SELECT id FROM workspaces WHERE id = $1 FOR UPDATE").execute(Tuple.of(workspaceId))
            .compose(ws -> {
              if (ws.size() == 0) {
                return Future.failedFuture(ApiException.notFound("Workspace '" + workspaceId + "' does not exist."));
              }
              return conn.preparedQuery("SELECT count(*) FROM webhooks WHERE workspace_id = $1")
                  .execute(Tuple.of(workspaceId));
            })
            .compose(count -> {
              if (count.iterator().next().getLong(0) >= maxPerWorkspace) {
                return Future.failedFuture(new ApiException(409, "webhook_limit_reached", "Workspace '"
                    + workspaceId + "' already has " + maxPerWorkspace + " webhooks, the most allowed; delete one "
                    + "to add another."));
              }
              return conn.preparedQuery("INSERT INTO webhooks AS w (id, workspace_id, url, event_type, format, "
                      + "enabled, secret, disabled_reason, disabled_at, event_types, filter, reaction_window_ms) "
                      + "VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 THEN NULL ELSE 'manual' END, "
                      + "CASE WHEN $6 THEN NULL ELSE now() END, $8, $9, $10) RETURNING " + WebhookJson.COLUMNS)
                  .execute(Tuple.of(id, workspaceId, def.url(), def.eventType(), def.format(), def.enabled())
                      .addString(secret).addArrayOfString(def.types()).addString(def.filter())
                      .addInteger(def.reactionWindowMs()));
            })
            .compose(rows -> {
              JsonObject created = WebhookJson.fromRow(rows.iterator().next());
              return changed(conn, workspaceId, actor, "webhook.created", id, null, created).map(created);
            }))
        .compose(created -> subscriptions.reloadWorkspace(workspaceId).map(created))
        .compose(created -> get(workspaceId, id).map(full -> full.put("secret", secret)));
  }

  /** The workspace's webhooks with stats and {@code seq}, newest first: one keyset page. */
  public Future<RowSet<Row>> page(String workspaceId, Keyset page) {
    return pool.preparedQuery("SELECT " + WebhookJson.COLUMNS + ", w.seq, " + AttemptLog.WEBHOOK_STATS.formatted(4)
            + " FROM webhooks w " + AttemptLog.LAST_ATTEMPT_JOIN + " WHERE w.workspace_id = $1 AND w.seq < $2 "
            + "ORDER BY w.seq DESC LIMIT $3")
        .execute(Tuple.of(workspaceId, page.before(), page.fetch(), retentionDays));
  }

  /** The webhook with stats, or a 404 failure. */
  public Future<JsonObject> get(String workspaceId, UUID id) {
    return pool.preparedQuery("SELECT " + WebhookJson.COLUMNS + ", " + AttemptLog.WEBHOOK_STATS.formatted(3)
            + " FROM webhooks w " + AttemptLog.LAST_ATTEMPT_JOIN + " WHERE w.workspace_id = $1 AND w.id = $2")
        .execute(Tuple.of(workspaceId, id, retentionDays))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(workspaceId, id))
            : Future.succeededFuture(WebhookJson.withStats(rows.iterator().next())));
  }

  public Future<Boolean> exists(String workspaceId, UUID id) {
    return pool.preparedQuery("SELECT 1 FROM webhooks WHERE workspace_id = $1 AND id = $2")
        .execute(Tuple.of(workspaceId, id)).map(rows -> rows.size() > 0);
  }

  /** The webhook as delivery sees it (with its secret), or a 404 failure. */
  public Future<WebhookRef> find(String workspaceId, UUID id) {
    return pool.preparedQuery(Subscriptions.SELECT + " WHERE workspace_id = $1 AND id = $2")
        .execute(Tuple.of(workspaceId, id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(workspaceId, id))
            : Future.succeededFuture(Subscriptions.fromRow(rows.iterator().next())));
  }

  public Future<String> secret(String workspaceId, UUID id) {
    return pool.preparedQuery("SELECT secret FROM webhooks WHERE workspace_id = $1 AND id = $2")
        .execute(Tuple.of(workspaceId, id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(workspaceId, id))
            : Future.succeededFuture(rows.iterator().next().getString("secret")));
  }

  /**
   * Applies a change computed from the current row. Enabling resets {@code errors_counter} and the disabled
   * fields; disabling by hand records {@code disabled_reason: "manual"}.
   */
  public Future<JsonObject> update(String workspaceId, UUID id, java.util.function.Function<Row, Definition> change,
                                   String actor) {
    return pool.withTransaction(conn -> conn
            .preparedQuery("SELECT " + WebhookJson.COLUMNS + " FROM webhooks w WHERE w.workspace_id = $1 AND w.id = $2 "
                + "FOR UPDATE").execute(Tuple.of(workspaceId, id))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(notFound(workspaceId, id));
              }
              Row current = rows.iterator().next();
              JsonObject before = WebhookJson.fromRow(current);
              Definition def = change.apply(current);
              return conn.preparedQuery("""
                      UPDATE webhooks w SET url = $3, event_type = $4, format = $5, enabled = $6,
                        errors_counter = CASE WHEN $7 OR ($6 AND NOT w.enabled) THEN 0 ELSE w.errors_counter END,
                        enabled_since = CASE WHEN $7 OR ($6 AND NOT w.enabled) THEN now() ELSE w.enabled_since END,
                        disabled_reason = CASE WHEN $6 THEN NULL WHEN w.enabled THEN 'manual' ELSE w.disabled_reason END,
                        disabled_at = CASE WHEN $6 THEN NULL WHEN w.enabled THEN now() ELSE w.disabled_at END,
                        updated_at = now(), event_types = $8, filter = $9, reaction_window_ms = $10
                      WHERE w.workspace_id = $1 AND w.id = $2 RETURNING """ + " " + WebhookJson.COLUMNS)
                  .execute(Tuple.of(workspaceId, id, def.url(), def.eventType(), def.format(), def.enabled(),
                      def.resetErrors()).addArrayOfString(def.types()).addString(def.filter())
                      .addInteger(def.reactionWindowMs()))
                  .compose(updated -> {
                    JsonObject after = WebhookJson.fromRow(updated.iterator().next());
                    return changed(conn, workspaceId, actor, "webhook.updated", id, before, after);
                  });
            }))
        .compose(v -> subscriptions.reloadWorkspace(workspaceId))
        .compose(v -> get(workspaceId, id));
  }

  public Future<Void> delete(String workspaceId, UUID id, String actor) {
    return pool.withTransaction(conn -> conn
            .preparedQuery("DELETE FROM webhooks w WHERE w.workspace_id = $1 AND w.id = $2 RETURNING "
                + WebhookJson.COLUMNS).execute(Tuple.of(workspaceId, id))
            .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(workspaceId, id))
                : changed(conn, workspaceId, actor, "webhook.deleted", id, WebhookJson.fromRow(rows.iterator().next()),
                    null)))
        .compose(v -> subscriptions.reloadWorkspace(workspaceId));
  }

  /**
   * Of these workspaces, those whose enabled webhooks in the database are not all in {@code cache}: a webhook created
   * on another instance whose change notification has not arrived yet.
   */
  public Future<Set<String>> staleWorkspaces(String[] workspaceIds, Subscriptions cache) {
    return pool.preparedQuery("SELECT DISTINCT workspace_id, unnest(event_types) AS event_type FROM webhooks "
            + "WHERE enabled AND workspace_id = ANY($1)").execute(Tuple.of((Object) workspaceIds))
        .map(rows -> {
          Set<String> stale = new HashSet<>();
          for (Row row : rows) {
            WebhookEventType type = WebhookEventType.fromWire(row.getString("event_type")).orElseThrow();
            if (!cache.hasSubscriber(row.getString("workspace_id"), List.of(type))) {
              stale.add(row.getString("workspace_id"));
            }
          }
          return stale;
        });
  }

  /** Enabled, and the failures in a row the database has counted; for a lane's verdict. */
  public record FailureState(boolean enabled, int errorsCounter) {
  }

  /** The webhook's failure state now, or null when it no longer exists. */
  public Future<FailureState> failureState(UUID id) {
    return pool.preparedQuery("SELECT enabled, errors_counter FROM webhooks WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : new FailureState(rows.iterator().next().getBoolean("enabled"),
            rows.iterator().next().getInteger("errors_counter")));
  }

  private static final String COUNT_FAILURES = """
      UPDATE webhooks w SET errors_counter = CASE WHEN u.reset THEN u.tail ELSE w.errors_counter + u.tail END,
                            failing_warned_at = CASE WHEN u.reset THEN NULL ELSE w.failing_warned_at END
      FROM unnest($1::uuid[], $2::bool[], $3::int[]) AS u(id, reset, tail)
      WHERE w.id = u.id AND NOT (u.reset AND u.tail = 0 AND w.errors_counter = 0)""";

  /** Marks the run warned; the row lock and the re-checked condition make it once per run across instances. */
  private static final String WARN_FAILING = """
      WITH due AS (
        SELECT id FROM webhooks WHERE id = ANY($1::uuid[]) AND enabled AND errors_counter >= $2
          AND (failing_warned_at IS NULL OR failing_warned_at < enabled_since)
        ORDER BY id FOR UPDATE
      )
      UPDATE webhooks w SET failing_warned_at = now()
      FROM due, workspaces ws
      WHERE w.id = due.id AND ws.id = w.workspace_id
      RETURNING w.id, w.workspace_id, w.url, w.event_type, w.errors_counter, ws.name AS workspace_name""";

  private static final String DISABLE_EXHAUSTED = """
      WITH old AS (
        SELECT id, updated_at FROM webhooks WHERE id = ANY($1::uuid[]) AND enabled AND errors_counter > $2
        ORDER BY id FOR UPDATE
      )
      UPDATE webhooks w SET enabled = false, disabled_reason = 'too_many_failures', disabled_at = now(),
                            updated_at = now()
      FROM old, workspaces ws
      WHERE w.id = old.id AND ws.id = w.workspace_id
      RETURNING %s, old.updated_at AS old_updated_at, ws.name AS workspace_name""".formatted(WebhookJson.COLUMNS);

  /**
   * Applies what a batch of attempts did to each webhook's run of failures: {@code reset} after a success, then
   * {@code tail} more failures. Rows are locked in the order given (callers sort by id), so writers cannot deadlock.
   */
  public static Future<RowSet<Row>> countFailures(SqlConnection conn, UUID[] ids, Boolean[] resets, Integer[] tails) {
    return conn.preparedQuery(COUNT_FAILURES).execute(Tuple.of(ids, resets, tails));
  }

  /**
   * Of these failing webhooks, those whose run just reached {@code warnAfter} failures and was not warned about yet:
   * marked warned and returned, exactly once per run whatever instances race.
   */
  public static Future<RowSet<Row>> warnFailing(SqlConnection conn, UUID[] ids, int warnAfter) {
    return conn.preparedQuery(WARN_FAILING).execute(Tuple.of(ids, warnAfter));
  }

  /**
   * Disables those of the webhooks whose count exceeds {@code threshold} and are still enabled — exactly once,
   * whatever instances race — returning them with their state before.
   */
  public static Future<RowSet<Row>> disableExhausted(SqlConnection conn, UUID[] ids, int threshold) {
    return conn.preparedQuery(DISABLE_EXHAUSTED).execute(Tuple.of(ids, threshold));
  }

  /** Writes the audit entry and tells every instance to reload this workspace's webhooks (after commit). */
  public static Future<Void> changed(SqlConnection conn, String workspaceId, String actor, String action, UUID webhookId,
                                     JsonObject before, JsonObject after) {
    return AuditLog.record(conn, workspaceId, actor, action, webhookId, before == null ? null : before.encode(),
            after == null ? null : after.encode())
        .compose(v -> announce(conn, workspaceId));
  }

  /**
   * Deletes every webhook of a workspace that is being deleted, each with its {@code webhook.deleted} audit entry, and
   * tells every instance (after commit), whose lanes then stop sending to them. Rows are locked in id order, as the
   * failure counting locks them, so the two cannot deadlock.
   */
  public static Future<Void> deleteAll(SqlConnection conn, String workspaceId, String actor) {
    return conn.preparedQuery("DELETE FROM webhooks w USING (SELECT id FROM webhooks WHERE workspace_id = $1 "
            + "ORDER BY id FOR UPDATE) l WHERE w.id = l.id RETURNING " + WebhookJson.COLUMNS)
        .execute(Tuple.of(workspaceId))
        .compose(rows -> {
          List<UUID> ids = new ArrayList<>();
          List<String> befores = new ArrayList<>();
          rows.forEach(row -> {
            ids.add(row.getUUID("id"));
            befores.add(WebhookJson.fromRow(row).encode());
          });
          return ids.isEmpty() ? Future.<Void>succeededFuture() : AuditLog.recordAll(conn, workspaceId, actor,
              "webhook.deleted", ids.toArray(UUID[]::new), befores.toArray(String[]::new));
        })
        .compose(v -> announce(conn, workspaceId));
  }

  private static Future<Void> announce(SqlConnection conn, String workspaceId) {
    return conn.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, workspaceId)).mapEmpty();
  }

  static ApiException notFound(String workspaceId, UUID id) {
    return ApiException.notFound("Workspace '" + workspaceId + "' has no webhook " + id + ".");
  }
}
