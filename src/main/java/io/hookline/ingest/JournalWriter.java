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
 * transaction: which messages are synced and which producer ids exist (asked together), then the state rows of the
 * messages that get a reaction are locked, the reactions applied in order, the events inserted and the state saved.
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
                .recover(err -> err instanceof ConcurrentDuplicate && attempt < MAX_RETRIES
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
     * If another instance inserted one of our producer ids between the duplicate check and the insert, the state we
     * computed is wrong: roll back and redo.
     */
    private Future<RowSet<Row>> writeWithReactions(SqlClient conn, JournalBatch batch, OffsetDateTime receivedAt) {
        Future<RowSet<Row>> synced = Journal.syncedUids(conn, batch.reactionUidTuple());
        Future<RowSet<Row>> existing = Journal.existingIds(conn, batch.reactionIdTuple());
        return Future.all(synced, existing)
                .compose(both -> {
                    batch.markSynced(synced.result());
                    batch.markKnownDuplicates(existing.result());
                    Tuple keys = batch.lockKeysTuple();
                    return keys == null ? Future.succeededFuture((RowSet<Row>) null) : ReactionStates.lock(conn, keys);
                })
                .compose(states -> {
                    Map<String, String> newStates = batch.applyReactions(states);
                    return Journal.insert(conn, batch.insertTuple(owner, receivedAt))
                            .compose(inserted -> {
                                if (!batch.allReactionsInserted(inserted)) {
                                    return Future.failedFuture(new ConcurrentDuplicate());
                                }
                                return newStates.isEmpty()
                                        ? Future.succeededFuture(inserted)
                                        : ReactionStates.save(conn, JournalBatch.stateTuple(newStates))
                                                .map(inserted);
                            });
                });
    }

    /** A producer id committed by someone else while our transaction was computing reaction state. */
    static final class ConcurrentDuplicate extends RuntimeException {
        ConcurrentDuplicate() {
            super("concurrent duplicate producer id", null, false, false);
        }
    }
}
