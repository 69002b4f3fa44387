package io.hookline.admin;

import io.hookline.http.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** Attempts as the management API shows them: a summary line, or a full log entry with request and response. */
final class AttemptJson {

  static final String LOG_COLUMNS = "a.id, a.event_id, a.event_type, a.attempted_at, a.duration_ms, a.success, a.test, "
      + "a.status_code, a.error, a.url, a.request_headers, a.response_headers, a.response_body, p.body AS payload";
  static final String PAYLOAD_JOIN = "LEFT JOIN payloads p ON p.event_seq = a.event_seq "
      + "AND p.event_type = a.event_type AND p.format = a.format";

  private AttemptJson() {
  }

  /** The fields every view of an attempt has. */
  private static JsonObject common(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("event_id", row.getString("event_id"))
        .put("event_type", row.getString("event_type"))
        .put("attempted_at", Times.iso(row.getOffsetDateTime("attempted_at")))
        .put("duration_ms", row.getInteger("duration_ms"))
        .put("success", row.getBoolean("success"))
        .put("test", row.getBoolean("test"));
  }

  static JsonObject summary(Row row) {
    return common(row).put("status_code", row.getInteger("status_code")).put("error", row.getString("error"));
  }

  /** {@code request.body} is the JSON payload that was sent; {@code response} is null when nothing came back. */
  static JsonObject logEntry(Row row) {
    String payload = row.getString("payload");
    JsonObject request = new JsonObject()
        .put("url", row.getString("url"))
        .put("headers", new JsonObject(row.getString("request_headers")))
        .put("body", payload == null ? null : new JsonObject(payload));
    Integer status = row.getInteger("status_code");
    JsonObject response = status == null ? null : new JsonObject()
        .put("status_code", status)
        .put("headers", row.getString("response_headers") == null ? new JsonObject()
            : new JsonObject(row.getString("response_headers")))
        .put("body", row.getString("response_body"));
    return common(row)
        .put("request", request)
        .put("response", response)
        .put("error", row.getString("error"));
  }
}
