package io.hookline.delivery;

import io.hookline.event.SkipReason;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.EventTicket;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.Ledger;
import io.hookline.store.StorageErrors;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what one event loop's deliveries produced, in batches: everything handed over within a few milliseconds
 * goes into one transaction — attempts, and the little bookkeeping some events need (parking in pending_events,
 * completing parked ones, recording a late skip). Most events need none: they finish under the instance watermark.
 * A batch that fails (database down) is retried, in order, until it is written; nothing is dropped.
 *
 * <p>Confined to the event loop of its slot.
 */
public final class AttemptWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptWriter.class);
    private static final long FLUSH_DELAY_MS = 10;
    private static final int MAX_BATCH = 2000;
    private static final long MAX_RETRY_DELAY_MS = 2000;
    /** Outcomes buffered while the database is away; beyond this, lanes stop sending until it is back. */
    private static final int MAX_BACKLOG = 20_000;

    /** Extra bookkeeping for stored attempts (failure counting): runs in their transaction. */
    public interface Listener {
        Listener NONE = (conn, attempts) -> Future.succeededFuture(null);

        /** Runs inside the transaction; the returned action (may be null) runs once it committed, on this loop. */
        Future<Runnable> inTransaction(SqlConnection conn, List<AttemptRecord> attempts);
    }

    private final Vertx vertx;
    private final Pool pool;
    private final UUID instanceId;
    private final Ledger ledger;
    private final InFlightEvents inFlight;
    private final Listener listener;
    private final HooklineMetrics metrics;
    private WriteBatch next = new WriteBatch();
    private WriteBatch writing;
    private boolean timerSet;
    private long retryDelayMs = 100;

    public AttemptWriter(
            Vertx vertx,
            Pool pool,
            UUID instanceId,
            Ledger ledger,
            InFlightEvents inFlight,
            Listener listener,
            HooklineMetrics metrics) {
        this.vertx = vertx;
        this.pool = pool;
        this.instanceId = instanceId;
        this.ledger = ledger;
        this.inFlight = inFlight;
        this.listener = listener;
        this.metrics = metrics;
    }

    /** Stores the attempt; {@code onStored} runs once it is committed. Its ticket is released then. */
    public void attempt(AttemptRecord attempt, Runnable onStored) {
        next.attempts.add(attempt);
        next.onStored.add(onStored);
        schedule();
    }

    /** A delivery of this ticket ended without an attempt to store (dropped or deferred). */
    public void released(EventTicket ticket) {
        if (ticket != null && ticket.release() && !ticket.parking()) {
            if (ticket.onFinished() != null) {
                ticket.onFinished().accept(ticket);
            } else {
                settle(ticket);
            }
        }
    }

    /** The event has been unfinished for a while: a pending row lets the watermark move past it. */
    public void park(EventTicket ticket) {
        ticket.parking(true);
        inFlight.claim(ticket.seq());
        next.parks.add(ticket);
        schedule();
    }

    /**
     * A delivery of this ticket was dropped before sending: its webhook was disabled or deleted. The event is no
     * longer owed to it, also in its pending row if it has one, so a re-drive never sends it there.
     */
    public void dropped(EventTicket ticket, UUID webhookId) {
        if (ticket != null && ticket.onFinished() == null) {
            ticket.disown(webhookId);
            if (ticket.parked() || ticket.parking()) {
                next.disownedSeqs.add(ticket.seq());
                next.disownedWebhooks.add(webhookId);
                schedule();
            }
        }
        released(ticket);
    }

    /** The event turned out to have no receiver after all. */
    public void skip(EventTicket ticket, SkipReason reason) {
        ticket.markSkipping();
        metrics.skipped(reason.wire());
        next.skips.add(ticket);
        next.skipReasons.add(reason);
        schedule();
    }

    /** Completes once everything handed to this writer so far is committed. */
    public Future<Void> barrier() {
        Promise<Void> promise = Promise.promise();
        if (!next.isEmpty()) {
            next.barriers.add(promise);
            schedule();
        } else if (writing != null) {
            writing.barriers.add(promise);
        } else {
            promise.complete();
        }
        return promise.future();
    }

    /** True when so many outcomes wait to be written that no more deliveries should be made. */
    public boolean saturated() {
        return next.size() + (writing == null ? 0 : writing.size()) >= MAX_BACKLOG;
    }

    public boolean idle() {
        return writing == null && next.isEmpty();
    }

    /** Completes when everything buffered is written, or fails once {@code deadlineNanos} passes. */
    public Future<Void> drain(long deadlineNanos) {
        if (idle()) {
            return Future.succeededFuture();
        }
        if (System.nanoTime() > deadlineNanos) {
            return Future.failedFuture("unwritten outcomes at the shutdown deadline: " + next.size());
        }
        return vertx.timer(20).compose(v -> drain(deadlineNanos));
    }

    /** Every delivery of the ticket ended: record what that means, if anything. */
    private void settle(EventTicket ticket) {
        if (ticket.deferred()) {
            if (ticket.parked()) {
                closeInMemory(ticket);
            } else {
                park(ticket);
            }
        } else if (!ticket.attempted()) {
            skip(ticket, SkipReason.WEBHOOK_DISABLED);
        } else if (ticket.parked()) {
            next.completes.add(ticket);
            schedule();
        } else {
            ledger.close(ticket);
        }
    }

    private void closeInMemory(EventTicket ticket) {
        ledger.close(ticket);
        inFlight.remove(ticket.seq());
    }

    private void schedule() {
        if (writing != null) {
            return;
        }
        if (next.size() >= MAX_BATCH) {
            write();
        } else if (!timerSet) {
            timerSet = true;
            vertx.setTimer(FLUSH_DELAY_MS, id -> {
                timerSet = false;
                if (writing == null) {
                    write();
                }
            });
        }
    }

    private void write() {
        if (next.isEmpty()) {
            next.barriers.forEach(Promise::tryComplete);
            next.barriers.clear();
            return;
        }
        WriteBatch batch = next;
        next = new WriteBatch();
        writing = batch;
        persist(batch).onComplete(ar -> {
            writing = null;
            batch.barriers.forEach(Promise::tryComplete);
            schedule();
        });
    }

    /**
     * Stores a batch once (see {@link WriteBatch#storedAlready}); never fails. Outages are retried, in order, until the
     * database is back. A batch refused for its content (no retry can fix that) is stored row by row, so one bad row
     * cannot hold up every other outcome of this writer.
     */
    private Future<Void> persist(WriteBatch batch) {
        return batch.storedAlready(vertx, pool)
                .compose(stored -> stored ? Future.succeededFuture() : batch.write(pool, listener, instanceId))
                .map(v -> {
                    retryDelayMs = 100;
                    afterCommit(batch);
                    return (Void) null;
                })
                .recover(err -> failed(batch, err));
    }

    /** After a batch failed: dropped when the pool closed, split when refused, retried after an outage or a deadlock. */
    private Future<Void> failed(WriteBatch batch, Throwable err) {
        if (StorageErrors.isPoolClosed(err)) {
            LOG.warn(
                    "{} outcomes came after this instance closed its database pool (it is stopping) and are not "
                            + "stored; their events stay pending and are sent again by the instance that takes them over",
                    batch.size());
            return Future.succeededFuture();
        }
        batch.failed(err);
        // a batch that may be stored is asked about until PostgreSQL answers: split or dropped it could be lost
        // (review)
        boolean passing =
                StorageErrors.isUnavailable(err) || StorageErrors.isConflictRollback(err) || batch.maybeStored;
        // a statement timeout may be the batch's size: it is split too (review: retried whole, forever)
        if (batch.size() > 1 && (!passing || StorageErrors.isCancelled(err))) {
            LOG.warn(
                    "PostgreSQL refused a batch of {} outcomes ({}); storing them one by one",
                    batch.size(),
                    err.toString());
            return persistEach(batch.split(), 0);
        }
        if (!passing) {
            LOG.error("PostgreSQL refuses to store {} ({}); leaving that row out", batch.describe(), err.toString());
            batch.afterCommit = null;
            afterCommit(batch);
            return Future.succeededFuture();
        }
        LOG.warn("Storing {} outcomes failed, retrying in {} ms: {}", batch.size(), retryDelayMs, err.toString());
        long delay = retryDelayMs;
        retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2);
        return vertx.timer(delay).compose(v -> persist(batch));
    }

    private Future<Void> persistEach(List<WriteBatch> parts, int index) {
        return index == parts.size()
                ? Future.succeededFuture()
                : persist(parts.get(index)).compose(v -> persistEach(parts, index + 1));
    }

    private void afterCommit(WriteBatch batch) {
        for (EventTicket ticket : batch.parks) {
            ledger.parkingDone(ticket, true);
            if (ticket.finished()) {
                settle(ticket);
            }
        }
        batch.completes.forEach(this::closeInMemory);
        batch.skips.forEach(this::closeInMemory);
        for (int i = 0; i < batch.attempts.size(); i++) {
            batch.onStored.get(i).run();
            EventTicket ticket = batch.attempts.get(i).ticket();
            if (ticket != null) {
                ticket.markAttempted();
                released(ticket);
            }
        }
        if (batch.afterCommit != null) {
            batch.afterCommit.run();
        }
    }
}
