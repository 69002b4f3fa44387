package io.hookline.recovery;

import io.hookline.delivery.DirectSends;
import io.hookline.delivery.Trigger;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.store.RecoveryStore;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed recovery: the due events, oldest first, a batch at a time, each sent through the webhook's own lane
 * ({@link DirectSends}) and only then the next — so at most one request of a job is in flight (a crash can repeat
 * only that one), the receiver gets them in order, and live deliveries to other webhooks never wait for it. After
 * each stored attempt the job's cursor moves and its claim is renewed; a job that was cancelled, finished or taken
 * over stops there. It ends {@code done} when nothing is due any more, {@code failed} when the webhook is disabled.
 */
final class RecoveryJob {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryJob.class);
    private static final int BATCH = 100;
    private static final long UNDER_WAY_RETRY_MS = 500;

    /** What every job of an instance uses. */
    record Parts(
            Vertx vertx,
            Pool pool,
            UUID instanceId,
            Subscriptions subscriptions,
            WebhookStore webhooks,
            DirectSends sends,
            long leaseMs) {}

    private final Row job;
    private final UUID id;
    private final UUID webhookId;
    private final Parts parts;
    private final BooleanSupplier stopping;
    private final Consumer<UUID> ended;

    RecoveryJob(Row job, Parts parts, BooleanSupplier stopping, Consumer<UUID> ended) {
        this.job = job;
        this.id = job.getUUID("id");
        this.webhookId = job.getUUID("webhook_id");
        this.parts = parts;
        this.stopping = stopping;
        this.ended = ended;
    }

    /** From the later of the cursor and the highest event attempted: its attempt may be stored, its cursor not yet. */
    void run() {
        step(Math.max(job.getLong("cursor_seq"), job.getLong("attempted_seq")));
    }

    private void step(long after) {
        if (stopping.getAsBoolean()) {
            ended.accept(id);
            return;
        }
        WebhookRef webhook = parts.subscriptions().get(webhookId);
        if (webhook == null) {
            ended.accept(id); // deleted: its jobs went with it
            return;
        }
        if (!webhook.enabled()) {
            finish("failed");
            return;
        }
        RecoveryStore.next(parts.pool(), job, webhook.eventTypes(), Recoveries.created(webhook), after, BATCH)
                .onFailure(this::pause)
                .onSuccess(rows -> {
                    List<Row> due = new ArrayList<>();
                    rows.forEach(due::add);
                    if (due.isEmpty()) {
                        finish("done");
                    } else {
                        send(due, 0);
                    }
                });
    }

    private void send(List<Row> due, int index) {
        if (index == due.size()) {
            step(due.get(index - 1).getLong("seq"));
            return;
        }
        long seq = due.get(index).getLong("seq");
        // read again right before sending: the batch was read up to a hundred requests ago
        RecoveryStore.stillDue(parts.pool(), id, parts.instanceId(), webhookId, seq)
                .onFailure(this::pause)
                .onSuccess(now -> {
                    if (!now.mine() || stopping.getAsBoolean()) {
                        ended.accept(id); // cancelled or taken over meanwhile, or Hookline is stopping
                    } else if (!now.due()) {
                        // delivered meanwhile: sent stays below total
                        advance(due, index, Future.succeededFuture(), false);
                    } else if (now.underWay()) {
                        // its live delivery may still be on its way: wait for it rather than send the event twice
                        parts.vertx().setTimer(UNDER_WAY_RETRY_MS, t -> send(due, index));
                    } else {
                        sendDue(due, index);
                    }
                });
    }

    private void sendDue(List<Row> due, int index) {
        Row row = due.get(index);
        WebhookRef webhook = parts.subscriptions().get(webhookId);
        AcceptedEvent event = StoredEvent.from(row);
        WebhookEventType type = webhook == null || event == null ? null : Resendable.typeFor(webhook, event);
        Future<?> sent = type == null
                ? Future.succeededFuture()
                : parts.sends().send(webhook, Resendable.render(webhook, event, type), Trigger.RECOVER, id);
        advance(due, index, sent, webhook != null && event != null && type == null);
    }

    /** After {@code sent}: the cursor moves past the event, and the job goes on while it is still this instance's. */
    private void advance(List<Row> due, int index, Future<?> sent, boolean notDue) {
        long seq = due.get(index).getLong("seq");
        sent.compose(v -> RecoveryStore.advance(parts.pool(), id, parts.instanceId(), seq, parts.leaseMs(), notDue))
                .onSuccess(stillMine -> {
                    if (stillMine) {
                        send(due, index + 1);
                    } else {
                        ended.accept(id); // cancelled, ended, or taken over by another instance
                    }
                })
                .onFailure(err -> {
                    if (err instanceof DirectSends.NotSent) {
                        notSent();
                    } else {
                        pause(err);
                    }
                });
    }

    /** The lane refused: the webhook was disabled (the job failed) or Hookline is stopping (it goes on later). */
    private void notSent() {
        parts.webhooks().failureState(webhookId).onComplete(ar -> {
            if (ar.succeeded() && (ar.result() == null || !ar.result().enabled())) {
                finish("failed");
            } else {
                ended.accept(id);
            }
        });
    }

    /** The database is away: let the claim lapse, a later claim goes on from the cursor (or the last attempt). */
    private void pause(Throwable err) {
        LOG.warn("Recovery {} of webhook {} pauses: {}", id, webhookId, err.toString());
        ended.accept(id);
    }

    private void finish(String status) {
        RecoveryStore.finish(parts.pool(), id, status).onComplete(ar -> {
            if (ar.succeeded() && ar.result().size() > 0) {
                Row r = ar.result().iterator().next();
                LOG.info(
                        "Recovery {} of webhook {} {}: {} of {} sent, {} succeeded",
                        id,
                        webhookId,
                        status,
                        r.getInteger("sent"),
                        r.getInteger("total"),
                        r.getInteger("succeeded"));
            }
            ended.accept(id);
        });
    }
}
