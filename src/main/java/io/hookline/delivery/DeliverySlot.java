package io.hookline.delivery;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.Ledger;
import io.hookline.target.TargetGuard;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;

/**
 * Delivery on one event loop: an HTTP client whose connections live on this loop, the lanes of the webhooks it
 * delivers to, and the writer of their attempts. Built by the slot's verticle, inside its context.
 */
public final class DeliverySlot {

    /**
     * Deliveries queued on one event loop beyond which its ingest holds back: enough to keep every webhook's requests
     * flowing, little enough to be sent within a fraction of a second once producers stop.
     */
    static final int BACKLOG_HIGH_WATER = 2048;

    /** Connections beyond the per-host request limit (see {@link #httpClient}). */
    private static final int POOL_SLACK = 8;

    /** The settings delivery needs; capacity is per lane, i.e. per webhook and event loop, and perHost per loop. */
    public record Settings(int timeoutMs, int laneCapacity, int maxInFlight, int perHost) {}

    private final Lanes lanes;
    private final AttemptWriter writer;
    private final HttpClient client;
    private final Sender sender;
    private final SlotLoad load;

    private DeliverySlot(Lanes lanes, AttemptWriter writer, HttpClient client, Sender sender, SlotLoad load) {
        this.lanes = lanes;
        this.writer = writer;
        this.client = client;
        this.sender = sender;
        this.load = load;
    }

    /** Deliveries this loop's lanes hold; ingest on the loop waits while there are too many (see {@link SlotLoad}). */
    public SlotLoad load() {
        return load;
    }

    public static DeliverySlot create(
            Vertx vertx,
            Context context,
            Pool pool,
            UUID instanceId,
            Ledger ledger,
            InFlightEvents inFlight,
            AttemptWriter.Listener listener,
            Subscriptions subscriptions,
            WebhookStore webhooks,
            Gates gates,
            DeliveryBudget budget,
            TargetGuard guard,
            HooklineMetrics metrics,
            Clock clock,
            Settings settings,
            Tracing tracing) {
        HttpClient client = httpClient(vertx, settings.timeoutMs(), settings.perHost());
        AttemptWriter writer = new AttemptWriter(vertx, pool, instanceId, ledger, inFlight, listener, metrics);
        Sender sender = new Sender(vertx, client, settings.timeoutMs(), clock, guard, tracing);
        SlotLoad load = new SlotLoad(BACKLOG_HIGH_WATER);
        LaneSettings laneSettings = new LaneSettings(
                context,
                subscriptions,
                webhooks,
                gates,
                sender,
                writer,
                budget,
                load,
                new HostPermits(context, settings.perHost()),
                metrics,
                clock,
                settings.laneCapacity(),
                settings.maxInFlight());
        return new DeliverySlot(new Lanes(laneSettings), writer, client, sender, load);
    }

    /**
     * Keep-alive connections per receiver host; redirects are never followed; answers are taken as sent. The pool
     * holds a few more connections than {@link HostPermits} lets requests run, so a connection still closing after a
     * cut-off exchange never makes a new request wait for the pool inside its deadline.
     */
    public static HttpClient httpClient(Vertx vertx, int timeoutMs, int perHost) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(30)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(timeoutMs)
                        .setDecompressionSupported(false)
                        .setMaxRedirects(0))
                .with(new PoolOptions().setHttp1MaxSize(perHost + POOL_SLACK))
                // a receiver answering something that is not HTTP fails the connection: its request's attempt says
                // what went wrong; without a handler Vert.x also logs each one as an ERROR, so a broken receiver
                // would fill the operator's log
                .withConnectHandler(connection -> connection.exceptionHandler(failure -> {}))
                .build();
    }

    public Lanes lanes() {
        return lanes;
    }

    public AttemptWriter writer() {
        return writer;
    }

    /** Shutdown, first step: nothing more is sent; what is queued stays pending. */
    public void stopSending() {
        lanes.close();
    }

    public int inFlight() {
        return lanes.inFlight();
    }

    public Future<Void> close() {
        sender.close();
        return client.close();
    }
}
