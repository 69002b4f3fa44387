package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
 * identity's CACHE 1, see V16).
 */
public final class AttemptHorizon {

    private static final String NEWEST_ID =
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('attempts', 'id')::regclass), 0)";

    /**
     * Transactions that have written attempts and not ended (pg_locks lists fast-path locks too). A purge of old
     * attempts holds the same lock and is waited for as well: a batch takes moments.
     */
    private static final String HOLDERS = "FROM pg_locks WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' "
            + "AND granted AND relation = 'attempts'::regclass "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private static final String WRITERS = "SELECT coalesce(array_agg(virtualtransaction), '{}') " + HOLDERS;
    private static final String STILL_WRITING = "SELECT count(*) " + HOLDERS + " AND virtualtransaction = ANY($1)";

    private static final long POLL_MS = 2;

    /**
     * A writer that outlives this (PostgreSQL stalled) is not waited for any longer: the page is shown as it is, with
     * the chance of a gap that the wait is there to close, rather than not at all.
     */
    private static final long MAX_WAIT_NANOS = 5_000_000_000L;

    private AttemptHorizon() {}

    /** The newest attempt id a page may show now; completes once every attempt up to it is committed or gone. */
    public static Future<Long> settled(Vertx vertx, SqlClient client) {
        // the newest id first, then the writers: one that drew an id up to it held the lock before, so it is listed
        return client.query(NEWEST_ID).execute().compose(ids -> {
            long newest = ids.iterator().next().getLong(0);
            return client.query(WRITERS)
                    .execute()
                    .compose(rows -> ended(
                            vertx,
                            client,
                            rows.iterator().next().getArrayOfStrings(0),
                            System.nanoTime() + MAX_WAIT_NANOS))
                    .map(v -> newest);
        });
    }

    private static Future<Void> ended(Vertx vertx, SqlClient client, String[] writers, long deadlineNanos) {
        if (writers.length == 0) {
            return Future.succeededFuture();
        }
        return client.preparedQuery(STILL_WRITING)
                .execute(Tuple.tuple().addArrayOfString(writers))
                .compose(rows -> rows.iterator().next().getLong(0) == 0 || System.nanoTime() > deadlineNanos
                        ? Future.succeededFuture()
                        : vertx.timer(POLL_MS).compose(v -> ended(vertx, client, writers, deadlineNanos)));
    }
}
