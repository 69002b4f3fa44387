package io.hookline.fold;

import io.hookline.delivery.AttemptWriter;
import io.hookline.event.AcceptedEvent;
import io.hookline.progress.EventTicket;
import io.hookline.store.ReactionFolds;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands reactions to the folds of the webhooks that fold them (their reaction_window_ms is above 0), a few milliseconds' worth per
 * transaction. The event's delivery to such a webhook ends when its row in {@code reaction_folds} is committed: from
 * then on the fold is durable and {@link FoldSender} sends it when its window closes. If the write fails, the delivery
 * is deferred: the event is parked and the re-drive hands it to the fold again (it skips webhooks that have a fold
 * row for it, as it skips those with an attempt).
 *
 * <p>Confined to its slot's event loop.
 */
public final class FoldWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FoldWriter.class);
    private static final long FLUSH_DELAY_MS = 5;

    private final Vertx vertx;
    private final Pool pool;
    private final AttemptWriter writer;
    private List<Item> next = new ArrayList<>();
    private boolean timerSet;

    private record Item(WebhookRef webhook, AcceptedEvent event, EventTicket ticket) {}

    public FoldWriter(Vertx vertx, Pool pool, AttemptWriter writer) {
        this.vertx = vertx;
        this.pool = pool;
        this.writer = writer;
    }

    /** The event's delivery to {@code webhook}, which folds reactions: one open delivery of {@code ticket}. */
    public void add(WebhookRef webhook, AcceptedEvent event, EventTicket ticket) {
        next.add(new Item(webhook, event, ticket));
        if (!timerSet) {
            timerSet = true;
            vertx.setTimer(FLUSH_DELAY_MS, id -> flush());
        }
    }

    private void flush() {
        timerSet = false;
        List<Item> batch = next;
        next = new ArrayList<>();
        int n = batch.size();
        UUID[] webhooks = new UUID[n];
        String[] uids = new String[n];
        Long[] seqs = new Long[n];
        String[] workspaces = new String[n];
        Integer[] windows = new Integer[n];
        for (int i = 0; i < n; i++) {
            Item item = batch.get(i);
            webhooks[i] = item.webhook().id();
            uids[i] = item.event().event().messageUid();
            seqs[i] = item.event().seq();
            workspaces[i] = item.event().event().workspaceId();
            windows[i] = item.webhook().reactionWindowMs();
        }
        Tuple rows = Tuple.of(webhooks, uids, seqs, workspaces, windows);
        pool.withTransaction(conn -> ReactionFolds.add(conn, rows)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn(
                        "Storing {} reactions for folding failed; their events wait for the re-drive: {}",
                        n,
                        ar.cause().toString());
            }
            for (Item item : batch) {
                if (ar.succeeded()) {
                    item.ticket().markAttempted();
                } else {
                    item.ticket().markDeferred();
                }
                writer.released(item.ticket());
            }
        });
    }
}
