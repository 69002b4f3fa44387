package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * How far a page of attempts may reach without a gap appearing in it later (docs/api.md, "Lists"). An attempt's id is
 * taken when its row is inserted, and its writers (the delivery batches of every event loop and instance, test sends,
 * resends, recoveries) overlap: one that took an id and commits after a later one would show below attempts a cursor
 * walk has already passed. Writers are not made to wait for each other, nor to do anything more (the delivery path
 * keeps its overlapping commits and its one statement per batch). Instead a reader notes the newest id drawn so far,
 * then the transactions that hold the table's insert lock (every writer takes it before it draws an id, and keeps it
 * to its end), waits until they have ended, and shows nothing newer than that id: every id up to it is then committed
 * or gone for good. Newer attempts are on the next fresh first page. Ids are drawn in order across sessions (the
 * identity's CACHE 1, as PostgreSQL makes it; the audit log's V18 relies on the same).
 */
public final class AttemptHorizon {

    /**
     * The newest id drawn, then the writers in progress: the lock list is read in a subquery on the row that carries
     * the id (kept a row of its own by OFFSET 0), so after it. A writer that drew an id up to it held the lock before,
     * so it is listed, unless it ended. (pg_locks lists fast-path locks too.) A purge of old attempts holds the same
     * lock and is waited for as well.
     */
    private static final String NEWEST_AND_WRITERS = """
      SELECT n.newest, ARRAY(SELECT l.virtualtransaction %s AND n.newest IS NOT NULL) AS writers
      FROM (SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('attempts', 'id')::regclass), 0) AS newest
            OFFSET 0) n""".formatted(Holders.WHERE);

    private static final String STILL_WRITING =
            "SELECT count(*) " + Holders.WHERE + " AND l.virtualtransaction = ANY($1)";

    /** Transactions that have written attempts and not ended, in this database (another database's are not ours). */
    private static final class Holders {
        static final String WHERE = "FROM pg_locks l WHERE l.locktype = 'relation' AND l.mode = 'RowExclusiveLock' "
                + "AND l.granted AND l.relation = 'attempts'::regclass "
                + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    }

    private static final long FIRST_POLL_MS = 2;
    private static final long MAX_POLL_MS = 50;

    /**
     * A writer that outlives this (PostgreSQL stalled) is not waited for any longer: the page is shown as it is, with
     * the chance of a gap that the wait is there to close, rather than not at all.
     */
    private static final long MAX_WAIT_NANOS = 5_000_000_000L;

    private AttemptHorizon() {}

    /** The newest attempt id a page may show now; completes once every attempt up to it is committed or gone. */
    public static Future<Long> settled(Vertx vertx, SqlClient client) {
        return client.query(NEWEST_AND_WRITERS).execute().compose(rows -> {
            Row row = rows.iterator().next();
            long newest = row.getLong("newest");
            String[] writers = row.getArrayOfStrings("writers");
            if (writers.length == 0) {
                return Future.succeededFuture(newest);
            }
            Promise<Void> ended = Promise.promise();
            poll(vertx, client, writers, System.nanoTime() + MAX_WAIT_NANOS, FIRST_POLL_MS, ended);
            return ended.future().map(newest);
        });
    }

    /**
     * Asks until the writers have ended, each time after a longer pause. A flat loop of timers, not a chain of futures:
     * a chain a thousand polls long completed in one call stack deep enough to overflow it, and the page never
     * answered (review).
     */
    private static void poll(
            Vertx vertx, SqlClient client, String[] writers, long deadlineNanos, long pauseMs, Promise<Void> ended) {
        client.preparedQuery(STILL_WRITING)
                .execute(Tuple.tuple().addArrayOfString(writers))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ended.fail(ar.cause());
                    } else if (ar.result().iterator().next().getLong(0) == 0 || System.nanoTime() > deadlineNanos) {
                        ended.complete();
                    } else {
                        vertx.setTimer(
                                pauseMs,
                                id -> poll(
                                        vertx,
                                        client,
                                        writers,
                                        deadlineNanos,
                                        Math.min(MAX_POLL_MS, pauseMs * 2),
                                        ended));
                    }
                });
    }
}
