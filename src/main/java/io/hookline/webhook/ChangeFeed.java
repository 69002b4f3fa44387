package io.hookline.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's webhook cache in step with the others: every webhook change is followed by a
 * {@code NOTIFY hookline_webhooks, '<workspace>'} in its transaction; this {@code LISTEN}s and reloads that
 * workspace. After a reconnect, notifications may have been missed, so everything is reloaded.
 */
public final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

  private final PgSubscriber subscriber;
  private final Subscriptions subscriptions;
  private boolean subscribedOnce;

  public ChangeFeed(Vertx vertx, PgConnectOptions options, Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        // keep trying every second while PostgreSQL is away
        .reconnectPolicy(retries -> 1000L);
  }

  public Future<Void> start() {
    subscriber.channel(WebhookStore.CHANNEL)
        .handler(workspaceId -> subscriptions.reloadWorkspace(workspaceId)
            .onFailure(err -> LOG.warn("Reloading webhooks of {} failed: {}", workspaceId, err.toString())))
        .subscribeHandler(v -> {
          if (subscribedOnce) {
            LOG.info("Webhook change feed reconnected; reloading all webhooks");
            subscriptions.reloadAll().onFailure(err -> LOG.warn("Full webhook reload failed: {}", err.toString()));
          }
          subscribedOnce = true;
        });
    return subscriber.connect();
  }

  public Future<Void> stop() {
    return subscriber.close();
  }
}
