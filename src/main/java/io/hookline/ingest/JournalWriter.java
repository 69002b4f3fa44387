package io.hookline.ingest;

import io.hookline.store.Journal;
import io.hookline.store.ReactionStates;
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

    private final Pool pool;
    private final int owner;

    JournalWriter(Pool pool, int owner) {
        this.pool = pool;
        this.owner = owner;
    }

    Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt) {
        return write(batch, receivedAt, 0);
    }

    private Future<RowSet<Row>> write(JournalBatch batch, OffsetDateTime receivedAt, int attempt) {
        if (!batch.hasStatefulReactions()) {
            return Journal.insert(pool, batch.insertTuple(owner, receivedAt));
        }
        return pool.withTransaction(conn -> writeWithReactions(conn, batch.resetReactions(), receivedAt))
                .recover(err -> err instanceof ConcurrentDuplicate && attempt < MAX_RETRIES
                        ? write(batch, receivedAt, attempt + 1)
                        : Future.failedFuture(err));
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
