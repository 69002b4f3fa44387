package io.hookline.delivery;

import io.hookline.event.SkipReason;
import io.hookline.progress.EventTicket;
import io.hookline.store.AttemptLog;
import io.hookline.store.Backends;
import io.hookline.store.Journal;
import io.hookline.store.LostAnswers;
import io.hookline.store.PendingWork;
import io.hookline.store.StorageErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one transaction of an {@link AttemptWriter} stores: attempts (each with what to do once it is committed),
 * events to park in pending_events, parked events to complete, and events to mark skipped.
 */
final class WriteBatch {

    final List<AttemptRecord> attempts = new ArrayList<>();
    final List<Runnable> onStored = new ArrayList<>();
    final List<EventTicket> parks = new ArrayList<>();
    final List<EventTicket> completes = new ArrayList<>();
    final List<EventTicket> skips = new ArrayList<>();
    final List<SkipReason> skipReasons = new ArrayList<>();
    final List<Promise<Void>> barriers = new ArrayList<>();
    /** Parked events whose delivery to a webhook was dropped: their pending rows stop naming it. */
    final List<Long> disownedSeqs = new ArrayList<>();

    final List<UUID> disownedWebhooks = new ArrayList<>();
    Runnable afterCommit;
    /** A write of this batch broke off where PostgreSQL may have committed it ({@link #storedAlready}). */
    boolean maybeStored;
    /** The PostgreSQL backend the batch was last written on; null while it has no connection. */
    Backends.Backend backend;

    int size() {
        return attempts.size() + parks.size() + completes.size() + skips.size() + disownedSeqs.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /**
     * One part per row, so a row PostgreSQL refuses cannot hold up the others. The bookkeeping went into one part, and
     * a batch of bookkeeping alone split into itself again and again (code review): parks first, as they were written.
     */
    List<WriteBatch> split() {
        List<WriteBatch> parts = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            WriteBatch part = new WriteBatch();
            part.attempts.add(attempts.get(i));
            part.onStored.add(onStored.get(i));
            part.maybeStored = maybeStored; // written in one transaction: each part asks about its own attempt
            part.backend = maybeStored ? backend : null;
            parts.add(part);
        }
        parks.forEach(t -> parts.add(one(b -> b.parks.add(t))));
        for (int i = 0; i < disownedSeqs.size(); i++) {
            Long seq = disownedSeqs.get(i);
            UUID webhook = disownedWebhooks.get(i);
            parts.add(one(b -> {
                b.disownedSeqs.add(seq);
                b.disownedWebhooks.add(webhook);
            }));
        }
        completes.forEach(t -> parts.add(one(b -> b.completes.add(t))));
        for (int i = 0; i < skips.size(); i++) {
            EventTicket ticket = skips.get(i);
            SkipReason reason = skipReasons.get(i);
            parts.add(one(b -> {
                b.skips.add(ticket);
                b.skipReasons.add(reason);
            }));
        }
        return parts;
    }

    private static WriteBatch one(java.util.function.Consumer<WriteBatch> fill) {
        WriteBatch part = new WriteBatch();
        fill.accept(part);
        return part;
    }

    /**
     * Whether a write of this batch whose answer was lost committed after all: its first attempt is then stored, and
     * with it the rest of the batch, written in the same transaction. Before, the batch was written again, and its
     * attempts were stored and counted toward auto-disable twice. Bookkeeping alone is written again without harm:
     * each of its statements leaves the same rows when repeated.
     */
    Future<Boolean> storedAlready(Vertx vertx, SqlClient client) {
        if (!maybeStored || attempts.isEmpty()) {
            return Future.succeededFuture(false);
        }
        AttemptRecord first = attempts.get(0);
        return LostAnswers.backendEnded(vertx, client, backend)
                .compose(v -> LostAnswers.attemptStored(
                        client, first.payload().eventSeq(), first.webhookId(), AttemptRows.utc(first.attemptedAt())))
                .onSuccess(stored -> maybeStored = false);
    }

    /** A write of this batch failed with {@code err}: it may have been committed when it was under way on a backend. */
    void failed(Throwable err) {
        maybeStored |= backend != null && StorageErrors.answerMayBeLost(err);
    }

    /** Writes the batch in a transaction of its own, noting the backend it is written on (none before BEGIN). */
    Future<?> write(Pool pool, AttemptWriter.Listener listener, UUID instanceId) {
        backend = null;
        return pool.withTransaction(conn -> store(conn, listener, instanceId));
    }

    /** Writes the batch in {@code conn}'s transaction; {@code listener} adds what its attempts mean (failure counts). */
    private Future<?> store(SqlConnection conn, AttemptWriter.Listener listener, UUID instanceId) {
        afterCommit = null;
        backend = Backends.of(conn);
        Future<?> chain = Future.succeededFuture();
        if (!attempts.isEmpty()) {
            Tuple rows = AttemptRows.of(attempts);
            chain = chain.compose(v -> AttemptLog.insert(conn, rows))
                    .compose(v -> listener.inTransaction(conn, attempts))
                    .onSuccess(after -> afterCommit = after);
        }
        return storeBookkeeping(conn, chain, instanceId);
    }

    /** After {@code chain}, in the same transaction: the pending rows and skip reasons this batch changes. */
    private Future<?> storeBookkeeping(SqlConnection conn, Future<?> chain, UUID instanceId) {
        if (!parks.isEmpty()) {
            chain = chain.compose(v -> PendingWork.park(conn, seqs(parks), owed(parks), instanceId));
        }
        if (!disownedSeqs.isEmpty()) {
            Long[] seqs = disownedSeqs.toArray(Long[]::new);
            UUID[] webhooks = disownedWebhooks.toArray(UUID[]::new);
            chain = chain.compose(v -> PendingWork.disown(conn, seqs, webhooks));
        }
        Long[] done = parkedSeqsToComplete();
        if (done.length > 0) {
            chain = chain.compose(v -> PendingWork.complete(conn, done));
        }
        if (!skips.isEmpty()) {
            Long[] seqs = seqs(skips);
            String[] reasons = reasons();
            chain = chain.compose(v -> Journal.skip(conn, seqs, reasons));
        }
        return chain;
    }

    String describe() {
        if (attempts.isEmpty()) {
            return "the bookkeeping of " + size() + " events";
        }
        AttemptRecord a = attempts.get(0);
        return "the attempt of webhook " + a.webhookId() + " for event "
                + a.payload().eventId();
    }

    Long[] seqs(List<EventTicket> tickets) {
        return tickets.stream().map(EventTicket::seq).toArray(Long[]::new);
    }

    UUID[][] owed(List<EventTicket> tickets) {
        return tickets.stream().map(EventTicket::owed).toArray(UUID[][]::new);
    }

    /**
     * Parked events among those finished or skipped: their pending rows go. A skipped event whose park is being
     * written (in this batch, before its skip) counts too.
     */
    Long[] parkedSeqsToComplete() {
        List<Long> seqs = new ArrayList<>();
        completes.forEach(t -> seqs.add(t.seq()));
        skips.stream().filter(t -> t.parked() || t.parking()).forEach(t -> seqs.add(t.seq()));
        return seqs.toArray(Long[]::new);
    }

    String[] reasons() {
        return skipReasons.stream().map(SkipReason::wire).toArray(String[]::new);
    }
}
