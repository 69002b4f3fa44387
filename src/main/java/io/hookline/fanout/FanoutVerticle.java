package io.hookline.fanout;

import io.hookline.app.AppContext;
import io.hookline.bus.Addresses;
import io.hookline.delivery.OutcomeWriter;
import io.hookline.event.AcceptedEvent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.hookline.event.WebhookEventType;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routes committed events to the enabled webhooks of their workspace that subscribe to one of their types:
 * renders each payload once, then sends each delivery partition its share in one event-bus message.
 */
public final class FanoutVerticle extends VerticleBase {

  private final AppContext app;
  private OutcomeWriter writer;
  private MessageConsumer<FanoutBatch> consumer;

  public FanoutVerticle(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    writer = new OutcomeWriter(vertx, app.pool(), app.inFlight(), app.attemptListener(), app.metrics());
    consumer = vertx.eventBus().consumer(Addresses.FANOUT, msg -> fanOut(msg.body().events()));
    return consumer.completion();
  }

  void fanOut(List<AcceptedEvent> events) {
    Dispatcher dispatcher = new Dispatcher(vertx, app.deliveryPartitions());
    List<AcceptedEvent> unmatched = new ArrayList<>();
    for (AcceptedEvent event : events) {
      List<WebhookRef> webhooks = app.subscriptions().matching(event.event().workspaceId(), event.types());
      if (webhooks.isEmpty()) {
        unmatched.add(event);
      } else {
        dispatcher.add(DeliveryPlanner.plan(event, webhooks));
      }
    }
    dispatcher.send();
    if (!unmatched.isEmpty()) {
      confirmUnmatched(unmatched);
    }
  }

  /**
   * The cache says no enabled webhook wants these events. Before skipping them, ask the database: another instance
   * may have created one a moment ago, and its notification may not have arrived here yet.
   */
  private void confirmUnmatched(List<AcceptedEvent> events) {
    String[] workspaces = events.stream().map(e -> e.event().workspaceId()).distinct().toArray(String[]::new);
    app.pool().preparedQuery("SELECT DISTINCT workspace_id, event_type FROM webhooks "
            + "WHERE enabled AND workspace_id = ANY($1)").execute(Tuple.of(workspaces))
        .compose(rows -> {
          Set<String> stale = new HashSet<>();
          for (Row row : rows) {
            WebhookEventType type = WebhookEventType.fromWire(row.getString("event_type")).orElseThrow();
            if (!app.subscriptions().hasSubscriber(row.getString("workspace_id"), List.of(type))) {
              stale.add(row.getString("workspace_id"));
            }
          }
          return Future.join(stale.stream().map(ws -> app.subscriptions().reloadWorkspace(ws)).toList());
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            // cannot tell now: they stay pending and the re-drive decides later
            events.forEach(e -> app.inFlight().remove(e.seq()));
            return;
          }
          Dispatcher dispatcher = new Dispatcher(vertx, app.deliveryPartitions());
          for (AcceptedEvent event : events) {
            List<WebhookRef> webhooks = app.subscriptions().matching(event.event().workspaceId(), event.types());
            if (webhooks.isEmpty()) {
              writer.skipped(event.seq(), EventRules.NO_MATCHING_WEBHOOK);
            } else {
              dispatcher.add(DeliveryPlanner.plan(event, webhooks));
            }
          }
          dispatcher.send();
        });
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().compose(v -> writer.drain(app.beginShutdown()).recover(err -> Future.succeededFuture()));
  }
}
