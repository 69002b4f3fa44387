package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * How far a page of attempts may reach without a gap appearing in it later (docs/api.md, "Lists"). An attempt's id is
 * taken when its row is inserted, and its writers (the delivery batches of every event loop and instance, test sends,
 * resends, recoveries) overlap: one that took an id and commits after a later one would show below attempts a cursor
 * walk has already passed. Writers are not made to wait for each other (that would cost the delivery path its
 * overlapping commits); instead each holds a shared advisory lock from its insert to its commit, and a reader notes
 * the newest id drawn so far, waits until every writer holding the lock at that moment has ended, and shows nothing
 * newer than that id: every id up to it is then committed or gone for good. Newer attempts are on the next fresh
 * first page. Ids are drawn in order across sessions (the identity's CACHE 1, see V16).
 */
public final class AttemptHorizon {

    /** The writers' lock, beside the other advisory keys ({@code ListOrder}, {@code ReactionFolds}, {@code Retention}). */
    private static final long KEY = 7310033;

    /** Starts an attempt insert: its rows (and ids) come out of a join with {@code turn}, read once the lock is held. */
    static final String TURN = "WITH turn AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(" + KEY + ")) ";

    private static final String NEWEST_ID =
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('attempts', 'id')::regclass), 0)";

    /** The lock as pg_locks shows a bigint key, in this database only (other databases' writers are not ours). */
    private static final String HOLDERS = "FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = " + KEY
            + " AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

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
        // the newest id first, then the writers: one that drew an id up to it took the lock before, so it is listed
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
