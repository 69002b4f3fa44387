package io.hookline.delivery;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.InstanceProgress;
import io.hookline.progress.Ledger;
import io.hookline.store.ProbeLeases;
import io.hookline.testing.Await;
import io.hookline.testing.TestDatabase;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * One {@link Lane} with its real collaborators on one event loop of a real Vert.x: the webhook cache and store, the
 * gates, a sender with its HTTP client, and an attempt writer on the test's PostgreSQL. Only the clock is the test's.
 */
final class LaneRig implements AutoCloseable {

    static final int HIGH_WATER = 2;

    final HooklineMetrics metrics = HooklineMetrics.standalone();
    final SlotLoad load = new SlotLoad(HIGH_WATER);
    final Subscriptions subscriptions;
    final UUID webhookId = UUID.randomUUID();
    final String workspace = "lane-" + webhookId.toString().substring(0, 8);
    private final TestDatabase db;
    private final Context context;
    private final Clock clock;
    private final Ledger ledger = new Ledger(0, new InstanceProgress(1, 0));
    private final HttpClient client;
    private Sender sender;
    private AttemptWriter writer;
    private Lane lane;
    private long nextSeq = 1;

    LaneRig(Vertx vertx, TestDatabase db, Pool pool, Clock clock, String url, int capacity, int maxInFlight)
            throws Exception {
        this.db = db;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
        this.subscriptions = new Subscriptions(pool);
        this.client = DeliverySlot.httpClient(vertx, 5000, 128);
        insertWebhook(url);
        Await.result(subscriptions.reloadAll());
        WebhookStore webhooks = new WebhookStore(pool, subscriptions, 100, 30);
        Gates gates = new Gates(vertx, 10, 30_000, metrics, new ProbeLeases(pool, UUID.randomUUID()), 5000);
        onLoop(() -> {
            sender = new Sender(vertx, client, 5000, clock, target -> Future.succeededFuture(null));
            writer = new AttemptWriter(
                    vertx, pool, UUID.randomUUID(), ledger, new InFlightEvents(), AttemptWriter.Listener.NONE, metrics);
            lane = new Lane(
                    webhookId,
                    new LaneSettings(
                            context,
                            subscriptions,
                            webhooks,
                            gates,
                            sender,
                            writer,
                            new DeliveryBudget(1000),
                            load,
                            new HostPermits(context, 128),
                            metrics,
                            clock,
                            capacity,
                            maxInFlight));
            return null;
        });
        // The lane's instance takes the webhook's probe lease first, as it does before its first request to a receiver
        // not yet known healthy: the tests here are about the lane's queue, not about taking turns with other
        // instances.
        WebhookGate gate = gates.current(subscriptions.get(webhookId));
        Await.until("the probe lease is taken", Duration.ofSeconds(10), () -> gate.tryAcquire(1));
        gate.release();
    }

    private void insertWebhook(String url) throws Exception {
        try (Connection conn = db.connect()) {
            try (PreparedStatement st = conn.prepareStatement("INSERT INTO workspaces (id, name) VALUES (?, ?)")) {
                st.setString(1, workspace);
                st.setString(2, "Workspace " + workspace);
                st.executeUpdate();
            }
            try (PreparedStatement st =
                    conn.prepareStatement("INSERT INTO webhooks (id, workspace_id, url, event_type, "
                            + "format, enabled, secret) VALUES (?, ?, ?, 'message:new', 'v2', true, ?)")) {
                st.setObject(1, webhookId);
                st.setString(2, workspace);
                st.setString(3, url);
                st.setString(4, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
                st.executeUpdate();
            }
        }
    }

    /** Disables the webhook in the database and in the cache, as an admin's PATCH does. */
    void disableWebhook() throws Exception {
        try (Connection conn = db.connect();
                PreparedStatement st = conn.prepareStatement("UPDATE webhooks SET enabled = false WHERE id = ?")) {
            st.setObject(1, webhookId);
            st.executeUpdate();
        }
        Await.result(subscriptions.reloadWorkspace(workspace));
    }

    /** Offers {@code count} deliveries, each of its own event committed now; yields their tickets. */
    List<EventTicket> offer(int count) {
        return onLoop(() -> {
            List<EventTicket> tickets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long seq = nextSeq++;
                EventTicket ticket = ledger.open(seq, 1, System.nanoTime());
                byte[] body = ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
                RenderedPayload payload = new RenderedPayload(
                        seq, "evt-" + seq, WebhookEventType.MESSAGE_NEW, PayloadFormat.V2, body, body.length);
                lane.offer(new Delivery(subscriptions.get(webhookId), payload, ticket, clock.millis()));
                tickets.add(ticket);
            }
            return tickets;
        });
    }

    Lane lane() {
        return lane;
    }

    /** Parks the ticket's event as a slot does after two seconds; completes once its pending row is committed. */
    void park(EventTicket ticket) {
        Await.result(onLoop(() -> {
            writer.park(ticket);
            return writer.barrier();
        }));
    }

    double deliveries(String outcome) {
        var counter = metrics.registry()
                .find("hookline.deliveries")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Runs {@code action} on the lane's event loop, where the lane is confined, and waits for its result. */
    <T> T onLoop(Callable<T> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                promise.complete(action.call());
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return Await.result(promise.future());
    }

    @Override
    public void close() {
        onLoop(() -> {
            lane.close();
            sender.close();
            return null;
        });
        Await.result(client.close());
    }
}
