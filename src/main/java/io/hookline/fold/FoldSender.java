package io.hookline.fold;

import io.hookline.delivery.Delivery;
import io.hookline.delivery.Lanes;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.payload.PayloadRenderer;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.store.PassFailures;
import io.hookline.store.ReactionFolds;
import io.hookline.store.StoredEvent;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reaction folds whose window has closed: claims them in PostgreSQL (so each fold is sent by
 * one instance), renders the last reaction with {@code "folded": N}, and hands that one POST to the webhook's lane
 * like any delivery (same breaker, failure count and attempt log). Once the attempt is stored the fold is marked
 * sent; a fold whose claim ran out because its instance died is claimed again, and sent again only if its attempt
 * was never stored (the request in flight at the crash).
 *
 * <p>Confined to its slot's event loop.
 */
public final class FoldSender {

    private static final Logger LOG = LoggerFactory.getLogger(FoldSender.class);
    private final PassFailures failures = new PassFailures(LOG, "Looking for due reaction folds");
    /** How often due folds are looked for while some webhook folds, and otherwise (folds left by a changed webhook). */
    private static final long ACTIVE_POLL_MS = 100;

    private static final long IDLE_POLL_MS = 2000;
    /**
     * A dead instance's folds come back after their claim runs out. A live one renews the claims of folds still queued
     * or on the wire: a fold queued behind an open breaker outlived its claim and was claimed and sent again (review).
     */
    static final int CLAIM_SECONDS = 60;

    private static final long RENEW_MS = CLAIM_SECONDS * 1000L / 3;

    private static final int BATCH = 500;

    private final Vertx vertx;
    private final Pool pool;
    private final UUID instanceId;
    private final Subscriptions subscriptions;
    private final Lanes lanes;
    private boolean running;
    private boolean stopped;
    private long timer = -1;
    private long renewTimer = -1;
    /** Folds handed to a lane and not finished yet, by any slot of this instance. */
    private final FoldsInFlight inFlight;

    private long lastPassNanos;

    public FoldSender(
            Vertx vertx, Pool pool, UUID instanceId, Subscriptions subscriptions, Lanes lanes, FoldsInFlight inFlight) {
        this.vertx = vertx;
        this.inFlight = inFlight;
        this.pool = pool;
        this.instanceId = instanceId;
        this.subscriptions = subscriptions;
        this.lanes = lanes;
    }

    public void start() {
        timer = vertx.setPeriodic(ACTIVE_POLL_MS, id -> tick());
        renewTimer = vertx.setPeriodic(RENEW_MS, id -> renew());
    }

    private void renew() {
        List<UUID> webhooks = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        inFlight.forEach((webhook, seq) -> {
            webhooks.add(webhook);
            seqs.add(seq);
        });
        if (!webhooks.isEmpty()) {
            ReactionFolds.renew(
                            pool, instanceId, webhooks.toArray(UUID[]::new), seqs.toArray(Long[]::new), CLAIM_SECONDS)
                    .onFailure(failures::failed);
        }
    }

    /** Shutdown, when sending stops: claims nothing more. */
    public void stopClaiming() {
        stopped = true;
        vertx.cancelTimer(timer);
        vertx.cancelTimer(renewTimer);
    }

    /**
     * Shutdown, once requests and attempts are finished: frees what this instance claimed but did not finish, so the
     * next start does not wait for the claims to run out. (Earlier, a fold in flight could be sent twice.)
     */
    public Future<Void> releaseClaims() {
        return ReactionFolds.releaseAll(pool, instanceId).recover(err -> Future.succeededFuture());
    }

    private void tick() {
        long now = System.nanoTime();
        boolean due = subscriptions.anyFolding() || now - lastPassNanos >= IDLE_POLL_MS * 1_000_000;
        if (running || stopped || !due) {
            return;
        }
        running = true;
        lastPassNanos = now;
        pass().onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                failures.failed(ar.cause());
            } else {
                failures.succeeded();
            }
        });
    }

    /** One pass: claim what is due, send it. Visible for tests through the slot. */
    Future<Void> pass() {
        return ReactionFolds.claim(pool, instanceId, CLAIM_SECONDS, BATCH).compose(claimed -> {
            if (claimed.size() == 0) {
                return Future.succeededFuture();
            }
            Map<String, Row> folds = new LinkedHashMap<>();
            for (Row row : claimed) {
                folds.putIfAbsent(row.getUUID("webhook_id") + "/" + row.getLong("last_seq"), row);
            }
            List<Long> seqs = new ArrayList<>();
            List<UUID> webhooks = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (Row row : folds.values()) {
                seqs.add(row.getLong("last_seq"));
                webhooks.add(row.getUUID("webhook_id"));
                sizes.add(row.getInteger("folded"));
            }
            return ReactionFolds.load(
                            pool,
                            seqs.toArray(Long[]::new),
                            webhooks.toArray(UUID[]::new),
                            sizes.toArray(Integer[]::new))
                    .map(this::send);
        });
    }

    private Void send(RowSet<Row> rows) {
        for (Row row : rows) {
            UUID webhookId = row.getUUID("webhook_id");
            long lastSeq = row.getLong("fold_seq");
            WebhookRef webhook = subscriptions.get(webhookId);
            AcceptedEvent event = row.getLong("seq") == null ? null : StoredEvent.from(row);
            if (row.getBoolean("sent")) {
                finish(webhookId, lastSeq, "sent");
            } else if (webhook == null || !webhook.enabled() || event == null) {
                finish(webhookId, lastSeq, "dropped");
            } else if (inFlight.start(webhookId, lastSeq)) {
                // one claimed again while its POST is still queued or on the wire is left to it (the claim renewed)
                RenderedPayload payload = PayloadRenderer.render(
                        lastSeq,
                        event.eventId(),
                        event.event(),
                        WebhookEventType.MESSAGE_REACTION,
                        PayloadFormat.V2,
                        event.reactions(),
                        row.getInteger("folded"));
                EventTicket ticket = EventTicket.detached(lastSeq, t -> finished(webhookId, lastSeq, t));
                lanes.offer(new Delivery(webhook, payload, ticket, System.currentTimeMillis()));
            }
        }
        return null;
    }

    /** The fold's delivery ended: stored attempt, dropped (webhook disabled or deleted), or no room in the lane. */
    private void finished(UUID webhookId, long lastSeq, EventTicket ticket) {
        inFlight.end(webhookId, lastSeq);
        if (ticket.attempted()) {
            finish(webhookId, lastSeq, "sent");
        } else if (ticket.deferred()) {
            ReactionFolds.release(pool, webhookId, lastSeq, instanceId)
                    .onFailure(err -> LOG.warn(
                            "Releasing a reaction fold failed (it comes back when its claim runs out): {}",
                            err.toString()));
        } else {
            finish(webhookId, lastSeq, "dropped");
        }
    }

    private void finish(UUID webhookId, long lastSeq, String outcome) {
        ReactionFolds.finish(pool, webhookId, lastSeq, instanceId, outcome)
                .onFailure(err -> LOG.warn(
                        "Marking a reaction fold {} failed (it is checked again when its claim runs out): {}",
                        outcome,
                        err.toString()));
    }
}
