package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends made on request — a resend, a recovery — through the webhook's own {@link Lane}, so they share its
 * concurrency limit, its circuit breaker and its failure run with live deliveries, and are stored (and counted
 * toward auto-disable) by the same writer. A webhook's direct sends all go to one event loop, so a recovery's
 * requests keep their order on the way out. Thread-safe.
 */
public final class DirectSends {

    /** The webhook was disabled or deleted (or Hookline is stopping) before the request could be made. */
    public static final class NotSent extends RuntimeException {
        NotSent(String message) {
            super(message, null, false, false);
        }
    }

    private record Slot(Context context, Lanes lanes) {}

    private final List<Slot> slots = new CopyOnWriteArrayList<>();

    /** Called by each slot, on its event loop, once its lanes exist. */
    public void register(Context context, DeliverySlot slot) {
        slots.add(new Slot(context, slot.lanes()));
    }

    /**
     * Queues the request on the webhook's lane; completes with the attempt once it is stored, on the caller's context,
     * or fails with {@link NotSent}.
     */
    public Future<AttemptRecord> send(WebhookRef webhook, RenderedPayload payload, Trigger trigger) {
        return send(webhook, payload, trigger, null);
    }

    /** A recovery job's send: its attempt counts into job {@code recovery}, whatever became of the job meanwhile. */
    public Future<AttemptRecord> send(WebhookRef webhook, RenderedPayload payload, Trigger trigger, UUID recovery) {
        Context caller = Vertx.currentContext();
        Promise<AttemptRecord> stored = Promise.promise();
        if (slots.isEmpty()) {
            return Future.failedFuture(new NotSent("Delivery is not running."));
        }
        Slot slot = slots.get(Math.floorMod(webhook.id().hashCode(), slots.size()));
        Delivery delivery =
                new Delivery(webhook, payload, null, System.currentTimeMillis(), trigger, stored, null, recovery);
        slot.context().runOnContext(v -> slot.lanes().offer(delivery));
        if (caller == null) {
            return stored.future();
        }
        Promise<AttemptRecord> answer = Promise.promise();
        stored.future().onComplete(ar -> caller.runOnContext(v -> answer.handle(ar)));
        return answer.future();
    }
}
