package io.hookline.ingest;

import io.hookline.store.Journal;
import io.hookline.store.ReactionStates;
import io.hookline.store.StorageErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One group-commit write. A batch without reactions is a single statement. A batch with reactions is one
 * transaction: which messages are synced, then the state rows of the messages that get a reaction are locked, the
 * reactions applied in order, the events inserted and the state saved.
 *
 * <p>Whether a reaction's producer id is already taken is learnt from the insert itself ({@code ON CONFLICT DO
 * NOTHING} leaves it out of {@code RETURNING}), not asked beforehand: the unique index answers that without a query
 * plan, and a lookup planned while the journal was small went on scanning all of it as it grew. A batch that turns out
 * to hold such a duplicate is rolled back and written again with the duplicate left out of the reaction state, so a
 * producer's retry is never applied twice; only batches with a duplicate reaction pay for the second transaction.
 */
final class JournalWriter {

    private static final int MAX_RETRIES = 3;
    private static final long DUPLICATES_SEEN_NANOS = 10_000_000_000L;

    private final Pool pool;
    private final int owner;
    /** When a batch last held a duplicate (confined to the journal's event loop). */
    private long duplicateSeenAt = System.nanoTime() - DUPLICATES_SEEN_NANOS;

    JournalWriter(Pool pool, int owner) {
        this.pool = pool;
        this.owner = owner;
    }

    Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt) {
        return write(batch, receivedAt, 0);
    }

    private Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt, int attempt) {
        if (!batch.hasStatefulReactions()) {
            return insert(batch.insertTuple(owner, receivedAt));
        }
        return pool.withTransaction(conn -> writeWithReactions(conn, batch.resetReactions(), receivedAt))
                .recover(err -> err instanceof DuplicateReaction && attempt < MAX_RETRIES
                        ? write(batch, receivedAt, attempt + 1)
                        : Future.failedFuture(err));
    }

    /**
     * Events are new but for producers' retries: the cheaper insert is tried first, and a batch it refuses for a
     * duplicate is written again with {@code ON CONFLICT DO NOTHING}, which then goes on being used for a while, so a
     * producer that keeps re-sending costs one refused statement per {@link #DUPLICATES_SEEN_NANOS}, not one per batch.
     */
    private Future<RowSet<Row>> insert(Tuple rows) {
        if (System.nanoTime() - duplicateSeenAt < DUPLICATES_SEEN_NANOS) {
            return Journal.insert(pool, rows);
        }
        return Journal.insertAllNew(pool, rows).recover(err -> {
            if (!StorageErrors.isDuplicate(err)) {
                return Future.failedFuture(err);
            }
            duplicateSeenAt = System.nanoTime();
            return Journal.insert(pool, rows);
        });
    }

    /**
     * If a reaction's producer id turns out to be taken (an earlier event, or another instance's concurrent one), the
     * state computed with it is wrong: the reaction is marked a duplicate, and the transaction rolled back and redone.
     */
    private Future<RowSet<Row>> writeWithReactions(SqlClient conn, JournalBatch batch, OffsetDateTime receivedAt) {
        return Journal.syncedUids(conn, batch.reactionUidTuple())
                .compose(synced -> {
                    batch.markSynced(synced);
                    Tuple keys = batch.lockKeysTuple();
                    return keys == null ? Future.succeededFuture((RowSet<Row>) null) : ReactionStates.lock(conn, keys);
                })
                .compose(states -> {
                    Map<String, String> newStates = batch.applyReactions(states);
                    return Journal.insert(conn, batch.insertTuple(owner, receivedAt))
                            .compose(inserted -> {
                                if (batch.markDuplicateReactions(inserted)) {
                                    return Future.failedFuture(new DuplicateReaction());
                                }
                                return newStates.isEmpty()
                                        ? Future.succeededFuture(inserted)
                                        : ReactionStates.save(conn, JournalBatch.stateTuple(newStates))
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
