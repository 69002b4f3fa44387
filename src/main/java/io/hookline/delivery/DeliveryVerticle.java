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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers for the webhooks of one partition (webhook id hash modulo the number of delivery verticles), each
 * through its own {@link WebhookLane}, and records every attempt through an {@link OutcomeWriter}.
 */
public final class DeliveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryVerticle.class);

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
    writer = new OutcomeWriter(vertx, app.pool(), app.inFlight(), app.attemptListener(), app.metrics());
    settings = new LaneSettings(vertx, app.pool(), app.subscriptions(), sender, writer, app.deliveryBudget(),
        app.metrics(), app.clock(), app.config().queueCapacityPerWebhook(), app.config().maxInFlightPerWebhook(),
        app.config().failureThreshold());
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
      lanes.keySet().removeIf(id -> {
        boolean gone = app.subscriptions().get(id) == null;
        if (gone) {
          app.deliveryBudget().forget(id);
        }
        return gone;
      });
      lane = new WebhookLane(vertx, webhook.id(), settings, webhook.errorsCounter());
      lanes.put(webhook.id(), lane);
    }
    return lane;
  }

  /**
   * Graceful stop: take no new deliveries, leave queued ones pending, let requests in flight finish until the
   * shutdown deadline, then write their attempts.
   */
  @Override
  public Future<?> stop() {
    long deadline = app.beginShutdown();
    lanes.values().forEach(WebhookLane::close);
    return consumer.unregister()
        .compose(v -> inFlightDone(deadline))
        .compose(v -> writer.drain(deadline))
        .recover(err -> {
          LOG.warn("Delivery partition {} stopped at the deadline: {}", partition, err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> inFlightDone(long deadline) {
    int inFlight = lanes.values().stream().mapToInt(WebhookLane::inFlight).sum();
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (System.nanoTime() > deadline) {
      return Future.failedFuture(inFlight + " requests still in flight; their events stay pending");
    }
    return vertx.timer(20).compose(v -> inFlightDone(deadline));
  }
}
