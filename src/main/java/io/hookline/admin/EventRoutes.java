package io.hookline.admin;

import io.hookline.event.AcceptedEvent;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.AttemptLog;
import io.hookline.store.AuditLog;
import io.hookline.store.Journal;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.Subscriptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.Set;
import java.util.UUID;

/**
 * "Why didn't my webhook fire?": an event's status — {@code pending} (accepted, deliveries outstanding),
 * {@code dispatched} (every delivery attempted or dropped) or {@code skipped} (with the reason) — and, per webhook
 * it was meant for, what became of it ({@link EventDeliveries}).
 */
final class EventRoutes {

    private final Pool pool;
    private final Subscriptions subscriptions;

    EventRoutes(Pool pool, Subscriptions subscriptions) {
        this.pool = pool;
        this.subscriptions = subscriptions;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/events/:event_id").handler(this::lookup);
    }

    private void lookup(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        String eventId = Requests.eventId(ctx);
        Journal.byProducerId(pool, ws, eventId)
                .compose(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("Workspace '" + ws + "' has no event '" + eventId
                                + "' (events are kept for " + "the log retention period).");
                    }
                    Row event = rows.iterator().next();
                    AcceptedEvent parsed = event.getString("fires") == null ? null : StoredEvent.from(event);
                    Future<RowSet<Row>> attempts = AttemptLog.ofEvent(pool, event.getLong("seq"));
                    Future<RowSet<Row>> changes = parsed == null
                            ? Future.succeededFuture(null)
                            : AuditLog.changedSince(pool, ws, parsed.seq(), parsed.receivedAt());
                    return Future.all(attempts, changes)
                            .map(v -> json(event, parsed, attempts.result(), new WebhooksThen(changes.result())));
                })
                .onSuccess(json -> Responses.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    /** The webhooks the event's pending row routes it to; null when it has no row, or one that does not say. */
    private static Set<UUID> owed(Row event) {
        UUID[] owed = event.getArrayOfUUIDs("owed");
        return owed == null ? null : Set.of(owed);
    }

    private JsonObject json(Row event, AcceptedEvent parsed, RowSet<Row> attempts, WebhooksThen then) {
        EventDeliveries deliveries = new EventDeliveries();
        deliveries.attempts(attempts);
        boolean parked = event.getBoolean("parked");
        if (parsed != null) {
            // work may remain while the event is parked, or while its instance has not declared it finished
            deliveries.webhooks(
                    parsed,
                    subscriptions.all(event.getString("workspace_id")),
                    then,
                    parked || event.getBoolean("in_progress"),
                    owed(event),
                    event.getString("skip_reason"));
            deliveries.deleted(parsed, then);
        }
        // a skipped event that a resend or a recovery sent later reached a webhook after all: no longer a skip
        String skip = deliveries.noAttempts() ? event.getString("skip_reason") : null;
        // nothing recorded yet while its instance works on it: a skip (e.g. filtered_out) may be being written
        boolean underWay = event.getBoolean("in_progress") && deliveries.noAttempts();
        if (skip == null && !parked && !underWay) {
            // settled with no attempt and no skip recorded (a fold dropped with its webhook records none): "dispatched"
            // would claim deliveries that were never attempted (review)
            skip = deliveries.skipFromDeliveries();
        }
        String status =
                skip != null ? "skipped" : parked || underWay || deliveries.pending() ? "pending" : "dispatched";
        return new JsonObject()
                .put("id", event.getString("id"))
                .put("type", event.getString("kind"))
                .put("received_at", Times.iso(event.getOffsetDateTime("received_at")))
                .put("status", status)
                .put("skip_reason", skip)
                .put("deliveries", deliveries.json());
    }
}
