package io.hookline.ingest;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventRules;
import io.hookline.event.EventRules.Decision;
import io.hookline.event.IngestEvent;
import io.hookline.http.ApiException;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.Ledger;
import io.hookline.store.PassFailures;
import io.hookline.store.StorageErrors;
import io.hookline.tracing.SpanHandle;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for ingest: events from concurrent requests are queued and written by one multi-row insert, and
 * each request's future completes only once its row is committed. While a write is in flight new events
 * accumulate, so batches grow exactly as fast as the database is slow — no fixed delay on an idle system.
 *
 * <p>Order is kept per message, not globally: a reaction waits only while an earlier event about the same message
 * is still being written (see {@link BatchPicker}), so writes with reactions overlap other writes freely. Reactions
 * are applied to the reaction state inside their write's transaction, under row locks, so the journal order and the
 * order reactions were applied in agree even across instances.
 *
 * <p>Confined to the event loop of the slot that owns it.
 */
public final class EventJournal {

    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    /** Under load an outage fails hundreds of writes a second: one warning, then one a minute (confined to the loop). */
    private final PassFailures writeFailures =
            new PassFailures(LOG, "Journal write", "producers get 503 until it is back");
    /** Concurrent writes per journal: one filling while one commits keeps the pipe full without piling up. */
    private static final int MAX_IN_FLIGHT = 2;

    private static final long BACKED_UP_RETRY_MS = 2;

    public enum Status {
        ACCEPTED,
        DUPLICATE
    }

    public record Outcome(String eventId, Status status) {}

    private final Vertx vertx;
    private final JournalWriter writer;
    private final UnansweredWrites unanswered;
    private final Clock clock;
    private final HooklineMetrics metrics;
    private final Ledger ledger;
    private final CommitListener onCommitted;
    private final long timeoutMs;
    /** Events that may wait for a write; beyond that ingest answers 503 at once instead of piling up memory. */
    private final int maxQueued;

    private final ArrayDeque<JournalEntry> queue = new ArrayDeque<>();
    private final BatchPicker picker;
    private final BooleanSupplier deliveryBackedUp;
    private final Tracing tracing;
    private int writesInFlight;
    private boolean scheduled;

    /**
     * {@code deliveryBackedUp}: delivery on this event loop is behind; no more events are committed until it caught
     * up, so producers are slowed to the pace of delivery (their requests wait, up to the ingest timeout).
     * {@code tracing}: each write gets a commit span linking the requests of its events. {@code reactionStates}: the
     * reaction states the instance's journals last saved, shared by them.
     */
    public EventJournal(
            Vertx vertx,
            Pool pool,
            int owner,
            Clock clock,
            Ledger ledger,
            int maxBatch,
            long timeoutMs,
            HooklineMetrics metrics,
            BooleanSupplier deliveryBackedUp,
            CommitListener onCommitted,
            Tracing tracing,
            ReactionCache reactionStates) {
        this.tracing = tracing;
        this.deliveryBackedUp = deliveryBackedUp;
        this.vertx = vertx;
        this.writer = new JournalWriter(pool, owner, reactionStates, metrics);
        this.unanswered = new UnansweredWrites(vertx, pool, owner);
        this.clock = clock;
        this.ledger = ledger;
        this.metrics = metrics;
        this.timeoutMs = timeoutMs;
        this.maxQueued = Math.max(maxBatch * 20, 20_000);
        this.picker = new BatchPicker(maxBatch);
        this.onCommitted = onCommitted;
    }

    /**
     * Queues a validated event; the future completes once it is committed (or found to be a duplicate), or fails
     * with a 503 {@link ApiException} when the database cannot take it.
     */
    public Future<Outcome> append(IngestEvent event, String eventId, Buffer body) {
        return append(event, eventId, body, null);
    }

    /** {@code trace}: the span of the request that brought the event (null while tracing is off). */
    public Future<Outcome> append(IngestEvent event, String eventId, Buffer body, TraceParent trace) {
        // Whether a webhook wants it is decided after the commit, by fan-out: this instance's cache may not yet know
        // a webhook another instance just created.
        Decision decision = EventRules.decide(event);
        Promise<Outcome> promise = Promise.promise();
        if (queue.size() >= maxQueued) {
            promise.fail(
                    new ApiException(503, "overloaded", "Too many events are waiting to be stored; retry shortly."));
            return promise.future();
        }
        queue.add(new JournalEntry(
                event, eventId, body, decision, promise, System.nanoTime() + timeoutMs * 1_000_000L, trace));
        if (!scheduled && writesInFlight < MAX_IN_FLIGHT) {
            scheduled = true;
            // Let the requests already read in this event-loop turn join the batch.
            vertx.runOnContext(v -> flush());
        }
        return promise.future();
    }

    /**
     * Answers 503 to events still waiting for a write past their deadline (writes can be slow to fail while the
     * database is unreachable, and nothing queued behind them may wait longer than the ingest timeout). Called
     * periodically; the queue is in arrival order, so the expired entries are at its head.
     */
    public void expireWaiting() {
        long now = System.nanoTime();
        while (!queue.isEmpty() && queue.peek().deadlineNanos - now < 0) {
            queue.poll()
                    .promise
                    .tryFail(ApiException.unavailable(
                            "The event store did not take the event in time; it was not accepted. Retry later."));
        }
    }

    /** Nothing queued and nothing being written: every request has its answer. */
    public boolean idle() {
        return queue.isEmpty() && writesInFlight == 0;
    }

    /**
     * The answer when the write outlives the ingest timeout: the insert may still commit (a lock or a slow flush
     * held it), so this must not claim that nothing was stored. A retry with the same id is safe either way.
     */
    static final String UNCONFIRMED = "The event store did not confirm the write in time: the event may still be "
            + "stored. Retry with the same id (a stored event then answers 200 duplicate); an event sent without an id "
            + "cannot be matched and may be delivered twice.";

    private void flush() {
        scheduled = false;
        if (queue.isEmpty() || writesInFlight >= MAX_IN_FLIGHT) {
            return;
        }
        if (deliveryBackedUp.getAsBoolean()) {
            scheduled = true;
            vertx.setTimer(BACKED_UP_RETRY_MS, id -> flush());
            return;
        }
        List<JournalEntry> entries = picker.pick(queue);
        if (entries.isEmpty()) {
            return; // everything queued waits for a write about its message; that write's end flushes again
        }
        write(entries);
        scheduleFlush();
    }

    /** One group-commit insert of {@code entries}; its end answers them, moves the ledger and flushes again. */
    private void write(List<JournalEntry> entries) {
        JournalBatch batch = new JournalBatch(entries);
        writesInFlight++;
        picker.writing(entries);
        // the answer is due by the oldest entry's deadline (entries are in arrival order)
        long dueInMs = Math.max(1, (entries.get(0).deadlineNanos - System.nanoTime()) / 1_000_000L);
        long timer = vertx.setTimer(dueInMs, id -> batch.failAll(ApiException.unavailable(UNCONFIRMED)));
        long started = System.nanoTime();
        long floor = ledger.writeStarted();
        OffsetDateTime receivedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        SpanHandle commit = tracing.on() ? commitSpan(entries) : SpanHandle.NONE;
        writeOrBisect(batch, receivedAt, commit.parent()).onComplete(ar -> {
            vertx.cancelTimer(timer);
            commit.end(ar.failed() ? ar.cause().toString() : null);
            writesInFlight--;
            metrics.journalWrite(entries.size(), System.nanoTime() - started);
            long highest = 0;
            if (ar.succeeded()) {
                highest = ar.result();
                writeFailures.succeeded();
            } else {
                writeFailures.failed(ar.cause());
                batch.failAll(ApiException.unavailable(
                        "The event store is unavailable; the event was not accepted. " + "Retry later."));
            }
            if (ar.cause() instanceof UnansweredWrites.Unanswered write) {
                // until it is settled it holds the watermark, and the events about its messages wait (their order)
                unanswered.keepLooking(write, stored -> ended(entries, floor, stored));
            } else {
                ended(entries, floor, highest);
            }
        });
    }

    private void ended(List<JournalEntry> entries, long floor, long highest) {
        picker.written(entries);
        ledger.writeEnded(floor, highest);
        scheduleFlush();
    }

    private SpanHandle commitSpan(List<JournalEntry> entries) {
        List<TraceParent> requests = new java.util.ArrayList<>(entries.size());
        entries.forEach(entry -> requests.add(entry.trace));
        return tracing.commit(requests, entries.size());
    }

    private void scheduleFlush() {
        if (!queue.isEmpty() && writesInFlight < MAX_IN_FLIGHT && !scheduled) {
            scheduled = true;
            vertx.runOnContext(v -> flush());
        }
    }

    /**
     * Writes the batch and hands what it committed to fan-out; yields the highest sequence number it got. A write whose
     * connection broke on the way is looked up ({@link UnansweredWrites}): it may have been committed. If the
     * database refuses the batch for its content (which validation should have prevented), it is halved until the
     * one entry responsible is found: only that producer gets an error, never the others in its batch.
     */
    private Future<Long> writeOrBisect(JournalBatch batch, OffsetDateTime receivedAt, TraceParent commit) {
        batch.noteWebhooks(onCommitted);
        return writer.write(batch, receivedAt)
                .map(inserted -> handOff(batch, inserted, receivedAt, commit))
                .recover(err -> {
                    if (batch.backend != null && StorageErrors.answerMayBeLost(err)) {
                        return unanswered.settle(
                                batch, receivedAt, err, rows -> handOff(batch, rows, receivedAt, commit));
                    }
                    if (!StorageErrors.refusedForItsData(err)) {
                        return Future.failedFuture(err);
                    }
                    if (batch.written().size() == 1) { // with its repeats, if any
                        LOG.error(
                                "PostgreSQL refused to store event {}: {}",
                                batch.entries().get(0).eventId,
                                err.toString());
                        batch.failAll(new ApiException(
                                422,
                                "unstorable_event",
                                "The database refused to store this event (" + err.getMessage()
                                        + "); it was not accepted."));
                        return Future.succeededFuture(0L);
                    }
                    List<JournalBatch> halves = batch.halves();
                    return writeOrBisect(halves.get(0), receivedAt, commit)
                            .compose(first -> writeOrBisect(halves.get(1), receivedAt, commit)
                                    .map(second -> Math.max(first, second)));
                });
    }

    private long handOff(JournalBatch batch, RowSet<Row> inserted, OffsetDateTime receivedAt, TraceParent commit) {
        List<List<WebhookRef>> webhooks = new ArrayList<>();
        List<AcceptedEvent> accepted = batch.complete(inserted, receivedAt, metrics, commit, webhooks);
        if (!accepted.isEmpty()) {
            onCommitted.committed(accepted, webhooks);
        }
        return JournalBatch.highestSeq(inserted);
    }
}
