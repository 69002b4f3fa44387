package io.hookline.admin;

import io.hookline.delivery.AttemptRecord;
import io.hookline.delivery.AttemptSql;
import io.hookline.delivery.RenderedPayload;
import io.hookline.delivery.Sender;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.fanout.DeliveryPlanner;
import io.hookline.fanout.StoredEvents;
import io.hookline.http.ApiException;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * "Save and test": sends the workspace's most recent event of the webhook's type (for message types, the most
 * recent message of either direction) right now, rendered in the webhook's format and signed, and records it as
 * a test attempt — logged, but never counted toward auto-disable.
 */
final class TestSend {

  private final Pool pool;
  private final Sender sender;

  TestSend(Pool pool, Sender sender) {
    this.pool = pool;
    this.sender = sender;
  }

  Future<JsonObject> run(String workspaceId, UUID webhookId) {
    return pool.preparedQuery(Subscriptions.SELECT + " WHERE workspace_id = $1 AND id = $2")
        .execute(Tuple.of(workspaceId, webhookId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(ApiException.notFound("Workspace '" + workspaceId + "' has no webhook " + webhookId + "."))
            : Future.succeededFuture(Subscriptions.fromRow(rows.iterator().next())))
        .compose(webhook -> latestEvent(webhook).compose(event -> send(webhook, event)));
  }

  private Future<AcceptedEvent> latestEvent(WebhookRef webhook) {
    WebhookEventType base = webhook.eventType().isMessageType() ? WebhookEventType.MESSAGE_NEW : webhook.eventType();
    return pool.preparedQuery("SELECT " + StoredEvents.COLUMNS + " FROM events "
            + "WHERE workspace_id = $1 AND fires = $2 ORDER BY seq DESC LIMIT 1")
        .execute(Tuple.of(webhook.workspaceId(), base.wire()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ApiException(409, "nothing_to_send", "Workspace '" + webhook.workspaceId()
                + "' has no " + (webhook.eventType().isMessageType() ? "message" : webhook.eventType().wire()
                + " event") + " yet to test this webhook with."));
          }
          AcceptedEvent event = StoredEvents.fromRow(rows.iterator().next());
          return event == null ? Future.failedFuture(new ApiException(409, "nothing_to_send",
              "The most recent event can no longer be read.")) : Future.succeededFuture(event);
        });
  }

  private Future<JsonObject> send(WebhookRef webhook, AcceptedEvent event) {
    RenderedPayload payload = DeliveryPlanner.render(event, webhook.eventType(), webhook.format());
    return sender.send(webhook, payload, true, null).compose(this::store);
  }

  private Future<JsonObject> store(AttemptRecord attempt) {
    List<AttemptRecord> one = List.of(attempt);
    Tuple payloadTuple = AttemptSql.payloadTuple(one);
    return pool.withTransaction(conn -> (payloadTuple == null ? Future.succeededFuture()
                : conn.preparedQuery(AttemptSql.INSERT_PAYLOADS).execute(payloadTuple))
            .compose(v -> conn.preparedQuery(AttemptSql.INSERT_ATTEMPTS).execute(AttemptSql.attemptTuple(one))))
        .compose(rows -> pool.preparedQuery("SELECT " + AttemptJson.LOG_COLUMNS + " FROM attempts a "
                + AttemptJson.PAYLOAD_JOIN + " WHERE a.id = $1")
            .execute(Tuple.of(rows.iterator().next().getLong("id"))))
        .map(rows -> AttemptJson.logEntry(rows.iterator().next()));
  }
}
