package io.hookline.admin;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.AttemptLog;
import io.hookline.store.Journal;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.SubscriptionFilter;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * "Why didn't my webhook fire?": an event's status — {@code pending} (accepted, deliveries outstanding),
 * {@code dispatched} (every delivery attempted) or {@code skipped} (with the reason) — and each delivery's outcome.
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
            throw ApiException.notFound("Workspace '" + ws + "' has no event '" + eventId + "' (events are kept for "
                + "the log retention period).");
          }
          Row event = rows.iterator().next();
          return AttemptLog.ofEvent(pool, event.getLong("seq")).map(attempts -> json(event, attempts));
        })
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private JsonObject json(Row event, RowSet<Row> attempts) {
    JsonArray deliveries = new JsonArray();
    Set<UUID> attempted = new HashSet<>();
    for (Row a : attempts) {
      attempted.add(a.getUUID("webhook_id"));
      deliveries.add(new JsonObject().put("webhook_id", a.getUUID("webhook_id").toString())
          .put("event_type", a.getString("event_type")).put("success", a.getBoolean("success"))
          .put("status_code", a.getInteger("status_code"))
          .put("attempted_at", Times.iso(a.getOffsetDateTime("attempted_at"))));
    }
    filteredOut(event, attempted, deliveries);
    String skip = event.getString("skip_reason");
    String status = skip != null ? "skipped" : pending(event, attempted) ? "pending" : "dispatched";
    return new JsonObject().put("id", event.getString("id")).put("type", event.getString("kind"))
        .put("received_at", Times.iso(event.getOffsetDateTime("received_at"))).put("status", status)
        .put("skip_reason", skip).put("deliveries", deliveries);
  }

  /**
   * Work may still be under way: the event waits in pending_events, or its instance has not yet declared it
   * finished and a webhook it is meant for has no attempt yet.
   */
  private boolean pending(Row event, Set<UUID> attempted) {
    if (event.getBoolean("parked")) {
      return true;
    }
    if (!event.getBoolean("in_progress")) {
      return false;
    }
    if (attempted.isEmpty()) {
      return true;   // nothing recorded yet: a skip (e.g. filtered_out) is being written, or deliveries are under way
    }
    AcceptedEvent parsed = StoredEvent.from(event);
    if (parsed == null) {
      return false;
    }
    for (WebhookRef ref : subscriptions.targets(event.getString("workspace_id"), parsed.types(), parsed.event())) {
      if (!attempted.contains(ref.id()) && !ref.createdAt().isAfter(parsed.receivedAt())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The webhooks subscribed to the event's types whose filter, rejects it: {@code dropped} /
   * {@code filtered_out}. Judged by the filter as it is now; a webhook created after the event is not listed.
   */
  private void filteredOut(Row event, Set<UUID> attempted, JsonArray deliveries) {
    List<WebhookRef> subscribed = subscriptions.all(event.getString("workspace_id"));
    if (subscribed.stream().allMatch(ref -> ref.filter() == SubscriptionFilter.NONE)) {
      return;
    }
    AcceptedEvent parsed = StoredEvent.from(event);
    if (parsed == null) {
      return;
    }
    for (WebhookRef ref : subscribed) {
      WebhookEventType type = ref.firedType(parsed.types());
      if (type != null && !attempted.contains(ref.id()) && !ref.createdAt().isAfter(parsed.receivedAt())
          && !ref.filter().matches(parsed.event())) {
        deliveries.add(new JsonObject().put("webhook_id", ref.id().toString()).put("event_type", type.wire())
            .put("success", null).put("status_code", null).put("attempted_at", null)
            .put("outcome", "dropped").put("reason", "filtered_out").put("trigger", null));
      }
    }
  }
}
