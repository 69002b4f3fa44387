package io.hookline.webhook;

import io.hookline.store.WebhookRows;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's caches in step with the others over one listening connection: a change is followed by a
 * {@code NOTIFY} on its cache's channel in the change's transaction (webhooks: {@code hookline_webhooks, '<workspace>'};
 * workspaces: {@code hookline_workspaces, '+id' / '-id'}), and this {@code LISTEN}s and hands the payload to the cache.
 * After a reconnect, notifications may have been missed, so every cache is reloaded whole.
 */
public final class ChangeFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);

    private final PgSubscriber subscriber;

    public ChangeFeed(Vertx vertx, PgConnectOptions options) {
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                // keep trying every second while PostgreSQL is away
                .reconnectPolicy(retries -> 1000L);
    }

    /**
     * Hands each notice on {@code channel} to {@code onNotice}; {@code reloadAll} rebuilds that cache whenever the channel
     * is subscribed again after a reconnect.
     */
    public ChangeFeed listen(String channel, Handler<String> onNotice, Supplier<Future<Void>> reloadAll) {
        AtomicBoolean subscribedOnce = new AtomicBoolean();
        subscriber.channel(channel).handler(onNotice).subscribeHandler(v -> {
            if (subscribedOnce.getAndSet(true)) {
                LOG.info("Change feed reconnected; reloading everything {} announces", channel);
                reloadAll
                        .get()
                        .onFailure(err ->
                                LOG.warn("Full reload after {} reconnected failed: {}", channel, err.toString()));
            }
        });
        return this;
    }

    /** The webhook cache: reloads the notified workspace's webhooks. */
    public ChangeFeed webhooks(Subscriptions subscriptions) {
        return listen(
                WebhookRows.CHANNEL,
                workspaceId -> subscriptions
                        .reloadWorkspace(workspaceId)
                        .onFailure(err -> LOG.warn("Reloading webhooks of {} failed: {}", workspaceId, err.toString())),
                subscriptions::reloadAll);
    }

    public Future<Void> start() {
        return subscriber.connect();
    }

    public Future<Void> stop() {
        return subscriber.close();
    }
}
