package io.hookline.delivery;

import io.hookline.webhook.WebhookRef;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deliveries of one webhook on one event loop: a queue, sent as the webhook's {@link WebhookGate} allows.
 * What does not fit in memory is deferred: its event stays in PostgreSQL and the re-drive brings it back. A
 * webhook disabled or deleted since fan-out gets nothing more; its queue is dropped.
 *
 * <p>Confined to its event loop, except {@link #wake()}.
 */
final class Lane {

    private static final long RETRY_MS = 100;

    private final UUID webhookId;
    private final LaneSettings settings;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    /** Direct sends (resend, recover): bounded by their callers, never deferred, sent after the live queue. */
    private final ArrayDeque<Delivery> direct = new ArrayDeque<>();

    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private WebhookRef current;
    private WebhookGate gate;
    private long seenVersion = -1;
    private WebhookTarget target;
    private String hostKey;
    private SigningKeys keys;
    private boolean closing;
    private boolean retryScheduled;
    private int inFlight;
    private volatile int size;
    /** What this lane adds to its loop's {@link SlotLoad}: its queue while flowing, nothing while receiver-bound. */
    private int counted;

    Lane(UUID webhookId, LaneSettings settings) {
        this.webhookId = webhookId;
        this.settings = settings;
    }

    void offer(Delivery delivery) {
        if (delivery.direct()) {
            if (closing) {
                delivery.stored().tryFail(new DirectSends.NotSent("Hookline is shutting down; try again."));
            } else {
                direct.add(delivery);
                pump();
            }
            return;
        }
        if (closing || queue.size() >= settings.capacity() || !hold()) {
            defer(delivery);
            return;
        }
        queue.add(delivery);
        size = queue.size();
        pump();
    }

    /** Deliveries that could be added before this lane defers (read by the re-drive, from another thread). */
    int room() {
        return settings.capacity() - size;
    }

    /** Called from any thread: pump again on this lane's event loop. */
    void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            settings.context().runOnContext(v -> {
                wakeScheduled.set(false);
                pump();
            });
        }
    }

    boolean idle() {
        return queue.isEmpty() && direct.isEmpty() && inFlight == 0;
    }

    int inFlight() {
        return inFlight;
    }

    /** Shutdown: send nothing more; what is still queued stays in PostgreSQL for the next start. */
    void close() {
        closing = true;
        while (!queue.isEmpty()) {
            settings.budget().release();
            defer(queue.poll());
        }
        size = 0;
        failDirect("Hookline is shutting down; try again.");
        account();
    }

    /** On this lane's event loop. */
    void pump() {
        send();
        account();
    }

    private void send() {
        if (closing || (queue.isEmpty() && direct.isEmpty())) {
            return;
        }
        if (settings.writer().saturated()) {
            retryLater(); // the database is not taking attempts right now: keep them bounded by not making more
            return;
        }
        WebhookGate gate = currentGate();
        if (gate == null) {
            dropQueued();
            return;
        }
        if (gate.run().exhausted()) {
            DisableVerdict.await(this, gate, settings, webhookId, current.workspaceId());
            return;
        }
        if (gate.breaker().state() == CircuitBreakerState.OPEN) {
            gate.await(this);
            return;
        }
        long wakeups = gate.wakeups();
        while (!queue.isEmpty() && settings.hosts().tryAcquire(hostKey, this, gate, settings.maxInFlight())) {
            Delivery delivery = queue.poll();
            settings.budget().release();
            launch(gate, delivery);
        }
        while (!direct.isEmpty() && settings.hosts().tryAcquire(hostKey, this, gate, settings.maxInFlight())) {
            launch(gate, direct.poll());
        }
        size = queue.size();
        if (!queue.isEmpty() || !direct.isEmpty()) {
            gate.await(this, wakeups);
        }
    }

    /**
     * The webhook's gate now, or null when the webhook was disabled or deleted since fan-out. Looked up again only
     * when the webhook cache changed or the gate was retired.
     */
    private WebhookGate currentGate() {
        long version = settings.subscriptions().version();
        if (version == seenVersion && gate != null && !gate.retired()) {
            return gate;
        }
        WebhookRef webhook = settings.subscriptions().get(webhookId);
        if (webhook == null || !webhook.enabled()) {
            if (webhook == null) {
                settings.gates().forget(webhookId);
            } else {
                settings.gates().retire(webhookId);
            }
            gate = null;
            return null;
        }
        refresh(webhook);
        gate = settings.gates().current(webhook);
        seenVersion = version;
        if (gate.retired() && settings.subscriptions().version() != version) {
            return currentGate(); // the cache changed while this looked (a new period): look at the webhook again
        }
        // retired by the database's verdict while the cache still says enabled: the reload is on its way
        return gate.retired() ? null : gate;
    }

    /** The URL and the signing key are prepared once per webhook version, not per request. */
    private void refresh(WebhookRef webhook) {
        if (current == null || !current.url().equals(webhook.url())) {
            target = WebhookTarget.of(webhook.url());
            hostKey = HostPermits.key(target);
        }
        if (keys == null || !keys.fits(webhook)) {
            keys = SigningKeys.of(webhook);
        }
        current = webhook;
    }

    private void launch(WebhookGate gate, Delivery delivery) {
        String sentTo = hostKey;
        inFlight++;
        settings.metrics().requestStarted();
        gate.breaker()
                .<AttemptRecord>execute(() -> settings.sender()
                        .send(
                                current,
                                target,
                                keys,
                                delivery.payload(),
                                delivery.trigger(),
                                delivery.ticket(),
                                delivery.trace())
                        .compose(a ->
                                a.success() ? Future.succeededFuture(a) : Future.failedFuture(new FailedAttempt(a))))
                .onComplete(ar -> {
                    inFlight--;
                    settings.hosts().release(sentTo);
                    settings.metrics().requestEnded();
                    if (ar.succeeded()) {
                        record(gate, ar.result(), delivery);
                    } else if (ar.cause() instanceof FailedAttempt failed) {
                        record(gate, failed.attempt, delivery);
                    } else if (delivery.direct()) {
                        direct.addFirst(delivery); // refused by the breaker before anything was sent
                    } else {
                        requeue(delivery); // refused by the breaker before anything was sent
                    }
                    gate.release(); // after the outcome is handed over: the gate never looks settled before it
                    gate.wakeAll();
                    pump();
                });
    }

    private void record(WebhookGate gate, AttemptRecord made, Delivery delivery) {
        AttemptRecord attempt = delivery.recovery() == null ? made : made.madeBy(delivery.recovery());
        gate.outcome(attempt.success());
        settings.metrics().delivery(attempt.success() ? "success" : "failure");
        if (!delivery.direct()) {
            settings.metrics().attempted(attempt.durationMs(), settings.clock().millis() - delivery.receivedAtMillis());
        }
        gate.handedToWriter();
        settings.writer()
                .attempt(
                        attempt,
                        delivery.direct()
                                ? () -> {
                                    gate.stored();
                                    delivery.stored().tryComplete(attempt);
                                }
                                : gate::stored);
    }

    private void requeue(Delivery delivery) {
        if (hold()) {
            queue.addFirst(delivery);
            size = queue.size();
        } else {
            defer(delivery);
        }
    }

    private void retryLater() {
        if (!retryScheduled) {
            retryScheduled = true;
            settings.context().owner().setTimer(RETRY_MS, id -> {
                retryScheduled = false;
                pump();
            });
        }
    }

    private void dropQueued() {
        while (!queue.isEmpty()) {
            Delivery delivery = queue.poll();
            settings.budget().release();
            settings.metrics().delivery("dropped");
            settings.writer().dropped(delivery.ticket(), webhookId);
        }
        size = 0;
        failDirect("The webhook is disabled or deleted; nothing was sent.");
        account();
    }

    private void failDirect(String why) {
        while (!direct.isEmpty()) {
            direct.poll().stored().tryFail(new DirectSends.NotSent(why));
        }
    }

    /** Counts one more delivery held in memory, within the process's budget. */
    private boolean hold() {
        return settings.budget().tryAcquire();
    }

    /** Tells the loop's {@link SlotLoad} how much of this lane's queue is this process's backlog. */
    private void account() {
        Delivery head = queue.peek();
        boolean flowing = head == null || settings.clock().millis() - head.receivedAtMillis() <= SlotLoad.STALE_MS;
        int now = flowing ? queue.size() : 0;
        if (now != counted) {
            settings.load().change(counted, now);
            counted = now;
        }
    }

    private void defer(Delivery delivery) {
        settings.metrics().delivery("deferred");
        delivery.ticket().markDeferred();
        settings.writer().released(delivery.ticket());
    }
}
