package io.hookline.webhook;

import io.hookline.http.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The webhook object of the management API (never with its secret, which only the create call and /secret return). */
public final class WebhookJson {

  public static final String COLUMNS = "w.id, w.workspace_id, w.url, w.event_type, w.format, w.enabled, "
      + "w.errors_counter, w.disabled_reason, w.disabled_at, w.created_at, w.updated_at";

  /** Stats per webhook: activations in the retention window, error rate of the last 1000, last answer. */
  public static final String STATS_COLUMNS = """
      (SELECT count(*) FROM attempts a WHERE a.webhook_id = w.id AND NOT a.test
         AND a.attempted_at > now() - make_interval(days => $%d)) AS activations,
      (SELECT coalesce(avg(CASE WHEN s.success THEN 0.0 ELSE 1.0 END), 0) FROM
         (SELECT a.success FROM attempts a WHERE a.webhook_id = w.id AND NOT a.test ORDER BY a.id DESC LIMIT 1000) s)
         AS error_rate,
      l.status_code AS last_status_code, l.attempted_at AS last_at, l.error AS last_error""";

  public static final String LAST_JOIN = """
      LEFT JOIN LATERAL (SELECT a.status_code, a.attempted_at, a.error FROM attempts a WHERE a.webhook_id = w.id
                         ORDER BY a.id DESC LIMIT 1) l ON true""";

  private WebhookJson() {
  }

  public static JsonObject fromRow(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("workspace_id", row.getString("workspace_id"))
        .put("url", row.getString("url"))
        .put("event_type", row.getString("event_type"))
        .put("format", row.getString("format"))
        .put("enabled", row.getBoolean("enabled"))
        .put("errors_counter", row.getInteger("errors_counter"))
        .put("disabled_reason", row.getString("disabled_reason"))
        .put("disabled_at", Times.iso(row.getOffsetDateTime("disabled_at")))
        .put("created_at", Times.iso(row.getOffsetDateTime("created_at")))
        .put("updated_at", Times.iso(row.getOffsetDateTime("updated_at")));
  }

  public static JsonObject withStats(Row row) {
    JsonObject last = row.getOffsetDateTime("last_at") == null ? null : new JsonObject()
        .put("status_code", row.getInteger("last_status_code"))
        .put("at", Times.iso(row.getOffsetDateTime("last_at")))
        .put("error", row.getString("last_error"));
    return fromRow(row).put("stats", new JsonObject()
        .put("activations", row.getLong("activations"))
        .put("error_rate", row.getNumeric("error_rate").doubleValue())
        .put("last_response", last));
  }

}
