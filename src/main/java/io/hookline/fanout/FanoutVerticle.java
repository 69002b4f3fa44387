package io.hookline.fanout;

import io.hookline.app.AppContext;
import io.hookline.bus.Addresses;
import io.hookline.delivery.OutcomeWriter;
import io.hookline.event.AcceptedEvent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

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
    for (AcceptedEvent event : events) {
      List<WebhookRef> webhooks = app.subscriptions().matching(event.event().workspaceId(), event.types());
      if (webhooks.isEmpty()) {
        // every subscriber was disabled or deleted between commit and now
        writer.skipped(event.seq(), EventRules.NO_MATCHING_WEBHOOK);
      } else {
        dispatcher.add(DeliveryPlanner.plan(event, webhooks));
      }
    }
    dispatcher.send();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().compose(v -> writer.drain(app.beginShutdown()).recover(err -> Future.succeededFuture()));
  }
}
