package io.hookline.ingest;

import io.hookline.http.ApiException;
import io.hookline.store.LostAnswers;
import io.hookline.store.StorageErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal writes whose connection broke on the way ({@link StorageErrors#answerMayBeLost}): PostgreSQL may have
 * committed one and lost only its answer. Before, its producers heard that the event was not accepted, a retry with
 * the same id then read {@code duplicate}, and the stored event was never delivered. Now the write is looked up
 * first: stored, its producers get their 202 and its events go to fan-out as usual; not stored, their 503 says so.
 * When PostgreSQL cannot be asked either, the producers hear that the event may be stored, and the write is looked up
 * again every second until PostgreSQL answers; a stored event is then delivered. Until then the write keeps holding
 * the instance's watermark below its events, so an instance that stops first leaves them to be re-driven by whoever
 * takes it over.
 *
 * <p>Confined to the journal's event loop.
 */
final class UnansweredWrites {

    private static final long RECHECK_MS = 1_000;
    /** A break leaves the pool's other connections broken too until it notices: the first lookups may meet them. */
    private static final int QUICK_TRIES = 4;

    private static final long QUICK_RETRY_MS = 50;

    static final String MAY_BE_STORED = "The connection to the event store broke before it confirmed the write: the "
            + "event may be stored, and is then delivered. Retry with the same id (a stored event then answers 200 "
            + "duplicate); an event sent without an id cannot be matched and may be delivered twice.";

    private static final Logger LOG = LoggerFactory.getLogger(UnansweredWrites.class);

    private final Vertx vertx;
    private final Pool pool;
    private final int owner;

    UnansweredWrites(Vertx vertx, Pool pool, int owner) {
        this.vertx = vertx;
        this.pool = pool;
        this.owner = owner;
    }

    /**
     * After {@code err} broke the write of {@code batch}: the highest sequence number it stored, once {@code handOff}
     * has answered its producers and passed its events on; or {@code err} when it stored nothing; or an
     * {@link Unanswered} when PostgreSQL could not be asked (its producers have their 503 then).
     */
    Future<Long> settle(
            JournalBatch batch, OffsetDateTime receivedAt, Throwable err, Function<RowSet<Row>, Long> handOff) {
        return lookUpSoon(batch, receivedAt, QUICK_TRIES).transform(found -> {
            if (found.failed()) {
                batch.failAll(ApiException.unavailable(MAY_BE_STORED));
                return Future.failedFuture(new Unanswered(batch, receivedAt, handOff, err));
            }
            return found.result().size() == 0
                    ? Future.failedFuture(err)
                    : Future.succeededFuture(handOff.apply(found.result()));
        });
    }

    /**
     * Looks the write up every second until PostgreSQL answers; then its stored events are handed off, and
     * {@code ended} gets the highest sequence number it stored (0 for none).
     */
    void keepLooking(Unanswered write, LongConsumer ended) {
        vertx.setTimer(
                RECHECK_MS,
                id -> lookUp(write.batch, write.receivedAt).onComplete(found -> {
                    if (found.succeeded()) {
                        long stored = 0;
                        try {
                            stored = settled(write, found.result());
                        } finally {
                            ended.accept(stored); // even if fan-out threw: the watermark must not stay held
                        }
                    } else if (StorageErrors.isUnavailable(found.cause())) {
                        keepLooking(write, ended);
                    } else if (!StorageErrors.isPoolClosed(found.cause())) {
                        // not an outage: asking on would hold the watermark for good
                        LOG.error("Looking up a journal write whose answer was lost failed; giving up", found.cause());
                        ended.accept(0);
                    }
                }));
    }

    private long settled(Unanswered write, RowSet<Row> found) {
        LOG.info(
                "A journal write whose answer was lost is settled: {} of its {} events were stored{}",
                found.size(),
                write.batch.written().size(),
                found.size() == 0 ? "" : " and go to delivery");
        return found.size() == 0 ? 0 : write.handOff.apply(found);
    }

    private Future<RowSet<Row>> lookUpSoon(JournalBatch batch, OffsetDateTime receivedAt, int tries) {
        return lookUp(batch, receivedAt)
                .recover(err -> tries > 1 && StorageErrors.answerMayBeLost(err)
                        ? vertx.timer(QUICK_RETRY_MS).compose(v -> lookUpSoon(batch, receivedAt, tries - 1))
                        : Future.failedFuture(err));
    }

    /** What the write stored, asked once its backend ended (see {@link LostAnswers#backendEnded}). */
    private Future<RowSet<Row>> lookUp(JournalBatch batch, OffsetDateTime receivedAt) {
        return LostAnswers.backendEnded(vertx, pool, batch.backend).compose(v -> storedRows(batch, receivedAt));
    }

    private Future<RowSet<Row>> storedRows(JournalBatch batch, OffsetDateTime receivedAt) {
        List<JournalEntry> written = batch.written();
        String[] workspaces = new String[written.size()];
        String[] ids = new String[written.size()];
        for (int i = 0; i < ids.length; i++) {
            workspaces[i] = written.get(i).event.workspaceId();
            ids[i] = written.get(i).eventId;
        }
        return LostAnswers.journalRows(pool, workspaces, ids, receivedAt, owner);
    }

    /** A write whose fate PostgreSQL could not be asked about. */
    static final class Unanswered extends RuntimeException {

        private final transient JournalBatch batch;
        private final transient OffsetDateTime receivedAt;
        private final transient Function<RowSet<Row>, Long> handOff;

        Unanswered(JournalBatch batch, OffsetDateTime receivedAt, Function<RowSet<Row>, Long> handOff, Throwable err) {
            super("the write may have been stored (" + err + ")", err, false, false);
            this.batch = batch;
            this.receivedAt = receivedAt;
            this.handOff = handOff;
        }
    }
}
