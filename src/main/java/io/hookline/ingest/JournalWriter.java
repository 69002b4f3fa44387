package io.hookline.ingest;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.Journal;
import io.hookline.store.PipelinedTransaction;
import io.hookline.store.ReactionStates;
import io.hookline.store.StorageErrors;
import io.hookline.store.Transactions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One group-commit write. A batch without reactions is a single statement. A batch with reactions is one
 * transaction: the state rows of the messages that get a reaction are locked (the same statement says which messages
 * are synced), the reactions applied in order, the events inserted and the state saved. It takes two round trips: BEGIN
 * travels with the lock, COMMIT with the insert and save, so the locked rows of hot messages are held for one round
 * trip, not three (see {@link #writePipelined}). When the instance knows the states already ({@link ReactionCache}) it
 * takes one statement, and the rows are locked only inside PostgreSQL (see {@link #writeFromCache}).
 *
 * <p>Whether a reaction's producer id is already taken is learnt from the insert itself ({@code ON CONFLICT DO
 * NOTHING} leaves it out of {@code RETURNING}), not asked beforehand: the unique index answers that without a query
 * plan, and a lookup planned while the journal was small went on scanning all of it as it grew. A batch that turns out
 * to hold such a duplicate is rolled back and written again with the duplicate left out of the reaction state, so a
 * producer's retry is never applied twice; only batches with a duplicate reaction pay for the second transaction.
 */
final class JournalWriter {

    /**
     * Transactions that may each learn a new duplicate reaction: the first try ({@link #writeFromCache}) learns
     * nothing, so these come after it.
     */
    private static final int MAX_RETRIES = 4;

    private static final long DUPLICATES_SEEN_NANOS = 10_000_000_000L;

    private final Pool pool;
    private final int owner;
    private final ReactionCache cache;
    private final HooklineMetrics metrics;
    /** When a batch last held a duplicate (confined to the journal's event loop). */
    private long duplicateSeenAt = System.nanoTime() - DUPLICATES_SEEN_NANOS;

    JournalWriter(Pool pool, int owner, ReactionCache cache, HooklineMetrics metrics) {
        this.pool = pool;
        this.owner = owner;
        this.cache = cache;
        this.metrics = metrics;
    }

    /**
     * Two writes that insert the same producer ids in different orders (a producer re-sending a batch, reordered, while
     * the first is still being written) wait for each other on the producer-id index: PostgreSQL breaks the deadlock by
     * rolling one back. Nothing of it was kept, so it is written again, and the rows the other committed then count as
     * duplicates. Before, its producers got a 503 saying the event store was unavailable while it was healthy.
     */
    Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt) {
        return Transactions.againOnConflict(() -> write(batch, receivedAt, 0));
    }

    private Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt, int attempt) {
        if (!batch.hasStatefulReactions()) {
            Tuple rows = batch.insertTuple(owner, receivedAt);
            return connected(batch, conn -> insert(conn, rows));
        }
        if (attempt == 0) {
            Set<String> messages = batch.reactions().messageKeys();
            return writeFromCache(batch, receivedAt).andThen(ar -> {
                if (ar.succeeded()) {
                    cache.saved(batch.reactions().saving());
                } else {
                    cache.forget(messages);
                }
            });
        }
        return inTransaction(batch, conn -> writeWithReactions(conn, batch, receivedAt))
                .recover(err -> err instanceof DuplicateReaction && attempt < MAX_RETRIES
                        ? write(batch, receivedAt, attempt + 1)
                        : Future.failedFuture(err));
    }

    /**
     * In one round trip when the states of all the batch's messages are known: one statement, a transaction of its own,
     * that saves them only if the rows still hold the states they were computed from (else it writes nothing), and
     * locks the rows only while PostgreSQL runs it ({@code Journal.insertIfStatesUnchanged}); else, or when one
     * of them changed meanwhile (another instance, or an overlapping write of another slot), in two
     * ({@link #writePipelined}). A reaction found to be a producer's retry sends the batch the learning way. The
     * states are applied before a connection is taken: nothing that can throw runs while one is held.
     */
    private Future<RowSet<Row>> writeFromCache(JournalBatch batch, OffsetDateTime receivedAt) {
        BatchReactions step = batch.reactions().reset();
        Map<String, String> known = step.cachedStates(cache);
        Future<RowSet<Row>> written;
        if (known == null) {
            metrics.reactionWrite("locking");
            written = connected(batch, conn -> writePipelined(conn, batch, receivedAt));
        } else {
            Tuple rows;
            try {
                rows = batch.insertCheckingTuple(owner, receivedAt, step.applyReactions(known), known);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
            written = connected(batch, conn -> Journal.insertIfStatesUnchanged(conn, rows))
                    .compose(result -> {
                        boolean moved = Journal.statesMoved(result);
                        metrics.reactionWrite(moved ? "state_moved" : "one_round_trip");
                        return moved
                                ? connected(batch, conn -> writePipelined(conn, batch, receivedAt))
                                : Future.succeededFuture(result);
                    });
        }
        return written.recover(
                err -> StorageErrors.isReactionTaken(err) ? write(batch, receivedAt, 1) : Future.failedFuture(err));
    }

    /**
     * {@code work} on a connection of its own, noted in the batch as the one it is written on, so a write whose
     * connection breaks is judged by its own backend, never by the one an earlier try of it used (review).
     */
    private Future<RowSet<Row>> connected(JournalBatch batch, Function<SqlConnection, Future<RowSet<Row>>> work) {
        batch.backend = null;
        return pool.withConnection(conn -> work.apply(batch.on(conn)));
    }

    /** {@link #connected}, in a transaction (the backend is noted once BEGIN went through). */
    private Future<RowSet<Row>> inTransaction(JournalBatch batch, Function<SqlConnection, Future<RowSet<Row>>> work) {
        batch.backend = null;
        return pool.withTransaction(conn -> work.apply(batch.on(conn)));
    }

    /**
     * Events are new but for producers' retries: the cheaper insert is tried first, and a batch it refuses for a
     * duplicate is written again with {@code ON CONFLICT DO NOTHING}, which then goes on being used for a while, so a
     * producer that keeps re-sending costs one refused statement per {@link #DUPLICATES_SEEN_NANOS}, not one per batch.
     */
    private Future<RowSet<Row>> insert(SqlConnection conn, Tuple rows) {
        if (System.nanoTime() - duplicateSeenAt < DUPLICATES_SEEN_NANOS) {
            return Journal.insert(conn, rows);
        }
        return Journal.insertAllNew(conn, rows).recover(err -> {
            if (!StorageErrors.isDuplicate(err)) {
                return Future.failedFuture(err);
            }
            duplicateSeenAt = System.nanoTime();
            return Journal.insert(conn, rows);
        });
    }

    /**
     * The reaction write in two round trips, with BEGIN and COMMIT as plain statements pipelined on one connection:
     * BEGIN and the lock go together; once the reactions are applied, the insert (which saves the states only if every
     * applied reaction was inserted, else fails) and COMMIT go together. A failed statement leaves the transaction
     * aborted, and the COMMIT behind it then rolls back. Every path ends the transaction before the connection returns
     * to the pool. A reaction found to be a producer's retry fails the write with
     * {@link ReactionStates#REACTION_TAKEN}; the batch is then written the learning way ({@link #writeWithReactions}).
     */
    private Future<RowSet<Row>> writePipelined(SqlConnection conn, JournalBatch batch, OffsetDateTime receivedAt) {
        BatchReactions step = batch.reactions().reset();
        Tuple keys = step.lockTuple(); // before BEGIN: nothing that can throw runs between it and the lock
        PipelinedTransaction.begin(conn);
        return ReactionStates.lockForBatch(conn, keys)
                .compose(
                        locked -> {
                            Tuple rows;
                            try {
                                step.markSynced(locked);
                                rows = batch.insertSavingTuple(owner, receivedAt, step.applyReactions(locked));
                            } catch (Throwable e) { // even an Error: the transaction must end before the pool
                                return rollback(conn, e);
                            }
                            return thenCommit(conn, Journal.insertSavingStates(conn, rows));
                        },
                        err -> rollback(conn, err));
    }

    /** COMMIT right behind the transaction's last statement; if that failed, the COMMIT rolls back. */
    private static Future<RowSet<Row>> thenCommit(SqlConnection conn, Future<RowSet<Row>> last) {
        Future<RowSet<Row>> committed = PipelinedTransaction.commit(conn);
        return last.compose(done -> committed.map(done), err -> committed.transform(end -> Future.failedFuture(err)));
    }

    private static <T> Future<T> rollback(SqlConnection conn, Throwable cause) {
        return PipelinedTransaction.rollback(conn).transform(end -> Future.failedFuture(cause));
    }

    /**
     * If a reaction's producer id turns out to be taken (an earlier event, or another instance's concurrent one), the
     * state computed with it is wrong: the reaction is marked a duplicate, and the transaction rolled back and redone.
     */
    private Future<RowSet<Row>> writeWithReactions(SqlClient conn, JournalBatch batch, OffsetDateTime receivedAt) {
        BatchReactions step = batch.reactions().reset();
        return ReactionStates.lockForBatch(conn, step.lockTuple()).compose(locked -> {
            step.markSynced(locked);
            Map<String, String> newStates = step.applyReactions(locked);
            return Journal.insert(conn, batch.insertTuple(owner, receivedAt)).compose(inserted -> {
                if (step.markDuplicates(inserted)) {
                    return Future.failedFuture(new DuplicateReaction());
                }
                return newStates.isEmpty()
                        ? Future.succeededFuture(inserted)
                        : ReactionStates.save(conn, BatchReactions.stateTuple(newStates))
                                .map(inserted);
            });
        });
    }

    /** A reaction's producer id was taken; the batch now knows it, and is written again. */
    static final class DuplicateReaction extends RuntimeException {
        DuplicateReaction() {
            super("a reaction's producer id is already taken", null, false, false);
        }
    }
}
