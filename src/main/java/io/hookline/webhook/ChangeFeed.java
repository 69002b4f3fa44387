package io.hookline.webhook;

import io.hookline.store.WebhookRows;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
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
    /** The listening connection whose errors are logged here; the subscriber replaces it after a reconnect. */
    private PgConnection watched;

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
            watchConnection();
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

    /**
     * An error on the listening connection (PostgreSQL terminating it: a restart, an administrator) goes to the log
     * as one line per connection. Without a handler the client prints it bare on standard error, outside the log's format.
     */
    private synchronized void watchConnection() {
        PgConnection connection = subscriber.actualConnection();
        if (connection != null && connection != watched) {
            watched = connection;
            AtomicBoolean reported = new AtomicBoolean();
            connection.exceptionHandler(err -> {
                if (!reported.getAndSet(true)) { // the first says why; a reset of the dying socket may follow
                    LOG.warn(
                            "Change feed connection failed: {}; reconnecting every second, then reloading the caches",
                            err.toString());
                }
            });
        }
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
