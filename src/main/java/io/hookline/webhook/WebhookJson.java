package io.hookline.webhook;

import io.hookline.http.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;

/**
 * The webhook object of the management API (never with its secret, which only the create call and /secret return),
 * from a row of {@link io.hookline.store.WebhookRows#COLUMNS}.
 */
public final class WebhookJson {

    private WebhookJson() {}

    public static JsonObject fromRow(Row row) {
        return new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("workspace_id", row.getString("workspace_id"))
                .put("url", row.getString("url"))
                .put("event_type", row.getString("event_type"))
                .put("event_types", new JsonArray(Arrays.asList((Object[]) row.getArrayOfStrings("event_types"))))
                .put("filter", row.getString("filter") == null ? null : new JsonObject(row.getString("filter")))
                .put("reaction_window_ms", row.getInteger("reaction_window_ms"))
                .put("format", row.getString("format"))
                .put("enabled", row.getBoolean("enabled"))
                .put("errors_counter", row.getInteger("errors_counter"))
                .put("disabled_reason", row.getString("disabled_reason"))
                .put("disabled_at", Times.iso(row.getOffsetDateTime("disabled_at")))
                .put("created_at", Times.iso(row.getOffsetDateTime("created_at")))
                .put("updated_at", Times.iso(row.getOffsetDateTime("updated_at")));
    }

    public static JsonObject withStats(Row row) {
        JsonObject last = row.getOffsetDateTime("last_at") == null
                ? null
                : new JsonObject()
                        .put("status_code", row.getInteger("last_status_code"))
                        .put("at", Times.iso(row.getOffsetDateTime("last_at")))
                        .put("error", row.getString("last_error"));
        return fromRow(row)
                .put(
                        "stats",
                        new JsonObject()
                                .put("activations", row.getLong("activations"))
                                .put("error_rate", row.getNumeric("error_rate").doubleValue())
                                .put("last_response", last));
    }
}
