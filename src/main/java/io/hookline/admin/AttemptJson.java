package io.hookline.admin;

import io.hookline.delivery.AttemptRecord;
import io.hookline.delivery.Sender;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.http.Times;
import io.hookline.payload.PayloadRenderer;
import io.hookline.payload.RenderedPayload;
import io.hookline.store.StoredEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Attempts as the management API shows them: a summary line, or a full log entry with request and response. The
 * request is rebuilt from what was stored: the body rendered again from the journal (the same bytes that were
 * sent), the headers derived from the event id, the attempt's time and the stored signature.
 */
final class AttemptJson {

    private AttemptJson() {}

    /** The fields every view of an attempt has. */
    private static JsonObject common(
            long id,
            String eventId,
            String eventType,
            OffsetDateTime at,
            int durationMs,
            boolean success,
            String trigger) {
        return new JsonObject()
                .put("id", id)
                .put("event_id", eventId)
                .put("event_type", eventType)
                .put("attempted_at", Times.iso(at))
                .put("duration_ms", durationMs)
                .put("success", success)
                .put("test", "test".equals(trigger))
                .put("trigger", trigger);
    }

    static JsonObject summary(Row row) {
        return common(
                        row.getLong("id"),
                        row.getString("event_id"),
                        row.getString("event_type"),
                        row.getOffsetDateTime("attempted_at"),
                        row.getInteger("duration_ms"),
                        row.getBoolean("success"),
                        row.getString("trigger"))
                .put("status_code", row.getInteger("status_code"))
                .put("error", row.getString("error"));
    }

    /** A log entry from {@link io.hookline.store.AttemptLog#LOG_COLUMNS}. */
    static JsonObject logEntry(Row row) {
        OffsetDateTime at = row.getOffsetDateTime("attempted_at");
        AcceptedEvent event = StoredEvent.fromPrefixed(row);
        JsonObject body = event == null
                ? null
                : body(PayloadRenderer.render(
                        event.seq(),
                        event.eventId(),
                        event.event(),
                        WebhookEventType.fromWire(row.getString("event_type")).orElseThrow(),
                        PayloadFormat.fromWire(row.getString("format")).orElseThrow(),
                        event.reactions(),
                        row.getInteger("folded") == null ? 0 : row.getInteger("folded")));
        return entry(
                common(
                        row.getLong("id"),
                        row.getString("event_id"),
                        row.getString("event_type"),
                        at,
                        row.getInteger("duration_ms"),
                        row.getBoolean("success"),
                        row.getString("trigger")),
                request(row.getString("url"), row.getString("event_id"), at, row.getString("signature"), body),
                row.getInteger("status_code"),
                row.getString("response_headers"),
                row.getString("response_body"),
                row.getString("error"));
    }

    /** A log entry for an attempt just made and stored as {@code id}. */
    static JsonObject logEntry(long id, AttemptRecord a) {
        OffsetDateTime at = a.attemptedAt().atOffset(ZoneOffset.UTC);
        return entry(
                common(
                        id,
                        a.payload().eventId(),
                        a.payload().type().wire(),
                        at,
                        a.durationMs(),
                        a.success(),
                        a.trigger().wire()),
                request(a.url(), a.payload().eventId(), at, a.signature(), body(a.payload())),
                a.statusCode(),
                a.responseHeaders(),
                a.responseBody(),
                a.error());
    }

    private static JsonObject entry(
            JsonObject common, JsonObject request, Integer status, String headers, String body, String error) {
        JsonObject response = status == null
                ? null
                : new JsonObject()
                        .put("status_code", status)
                        .put("headers", headers == null ? new JsonObject() : new JsonObject(headers))
                        .put("body", body);
        return common.put("request", request).put("response", response).put("error", error);
    }

    /** The signed request headers (docs/payloads.md) as they were sent: all follow from the stored fields. */
    private static JsonObject request(
            String url, String eventId, OffsetDateTime at, String signature, JsonObject body) {
        JsonObject headers = new JsonObject()
                .put("content-type", "application/json")
                .put("user-agent", Sender.USER_AGENT)
                .put("webhook-id", eventId)
                .put("webhook-timestamp", Long.toString(at.toEpochSecond()))
                .put("webhook-signature", signature);
        return new JsonObject().put("url", url).put("headers", headers).put("body", body);
    }

    private static JsonObject body(RenderedPayload payload) {
        return new JsonObject(payload.body());
    }
}
