package io.hookline.delivery;

import io.hookline.app.AppContext;
import io.hookline.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers for the webhooks of one partition (webhook id hash modulo the number of delivery verticles), each
 * through its own {@link WebhookLane}, and records every attempt through an {@link OutcomeWriter}.
 */
public final class DeliveryVerticle extends VerticleBase {

  private final AppContext app;
  private final int partition;
  private final Map<UUID, WebhookLane> lanes = new HashMap<>();
  private Sender sender;
  private OutcomeWriter writer;
  private MessageConsumer<DeliveryBatch> consumer;

  public DeliveryVerticle(AppContext app, int partition) {
    this.app = app;
    this.partition = partition;
  }

  public static int partitionOf(UUID webhookId, int partitions) {
    return Math.floorMod(webhookId.hashCode(), partitions);
  }

  @Override
  public Future<?> start() {
    WebClient client = WebClient.create(vertx, clientOptions(app.config().deliveryTimeoutMs()),
        new PoolOptions().setHttp1MaxSize(128));
    sender = new Sender(vertx, client, app.config().deliveryTimeoutMs(), app.clock(), app.targetGuard());
    writer = new OutcomeWriter(vertx, app.pool(), app.inFlight(), app.attemptListener());
    consumer = vertx.eventBus().consumer(Addresses.delivery(partition), msg -> {
      for (Delivery delivery : msg.body().deliveries()) {
        lane(delivery.webhook().id()).offer(delivery);
      }
    });
    return consumer.completion();
  }

  public static WebClientOptions clientOptions(int timeoutMs) {
    return new WebClientOptions()
        .setUserAgent(Sender.USER_AGENT)
        .setFollowRedirects(false)
        .setKeepAlive(true)
        .setKeepAliveTimeout(30)
        .setTcpNoDelay(true)
        .setConnectTimeout(timeoutMs)
        .setDecompressionSupported(false);
  }

  private WebhookLane lane(UUID webhookId) {
    return lanes.computeIfAbsent(webhookId, id -> new WebhookLane(id, app.subscriptions(), sender, writer,
        app.config().queueCapacityPerWebhook(), app.config().maxInFlightPerWebhook(), app.deliveryBudget()));
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().compose(v -> writer.drain());
  }
}
