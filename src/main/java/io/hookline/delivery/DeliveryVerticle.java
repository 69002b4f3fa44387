package io.hookline.delivery;

import io.hookline.app.AppContext;
import io.hookline.bus.Addresses;
import io.hookline.webhook.WebhookRef;
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
  private LaneSettings settings;
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
    Sender sender = new Sender(vertx, client, app.config().deliveryTimeoutMs(), app.clock(), app.targetGuard());
    writer = new OutcomeWriter(vertx, app.pool(), app.inFlight(), app.attemptListener());
    settings = new LaneSettings(vertx, app.pool(), app.subscriptions(), sender, writer, app.deliveryBudget(),
        app.config().queueCapacityPerWebhook(), app.config().maxInFlightPerWebhook(), app.config().failureThreshold());
    consumer = vertx.eventBus().consumer(Addresses.delivery(partition), msg -> {
      for (Delivery delivery : msg.body().deliveries()) {
        lane(delivery.webhook()).offer(delivery);
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

  /** One lane (and circuit breaker) per webhook, created on its first delivery and kept while it exists. */
  private WebhookLane lane(WebhookRef webhook) {
    WebhookLane lane = lanes.get(webhook.id());
    if (lane == null) {
      lanes.keySet().removeIf(id -> app.subscriptions().get(id) == null);
      lane = new WebhookLane(vertx, webhook.id(), settings, webhook.errorsCounter());
      lanes.put(webhook.id(), lane);
    }
    return lane;
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().compose(v -> writer.drain());
  }
}
