package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges attempts, journal rows, finished notifications, sent reaction folds and finished recovery jobs older than the
 * retention period, in batches of {@link #BATCH} rows per statement (each its own short transaction), oldest first, so
 * the hot tables are never locked for long. Attempts and events are looked for only below the journal's first event
 * young enough to keep: a run reads what it deletes, not the whole table. (Events are numbered as they arrive; an
 * instance whose clock runs behind may leave a few of its old events for a later run.) One instance purges at a time
 * (advisory lock). Uids of purged messages and calls are kept in {@code synced_messages}, so later reactions to them
 * still fire.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 5000;
    private static final long LOCK_KEY = 0x486f6f6b6c696e65L; // "Hookline"

    private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();
    /** Tables whose purge takes the journal's first kept event as a third parameter. */
    private static final Set<String> BELOW_FIRST_KEPT = Set.of("attempts", "events");

    static {
        STATEMENTS.put("attempts", AttemptLog.PURGE);
        STATEMENTS.put("events", Journal.PURGE);
        STATEMENTS.put("notifications", NotificationOutbox.PURGE);
        STATEMENTS.put("reaction_folds", ReactionFolds.PURGE);
        STATEMENTS.put("recoveries", RecoveryStore.PURGE);
    }

    private final Pool pool;
    private final Clock clock;
    private final int days;

    public Retention(Pool pool, Clock clock, int days) {
        this.pool = pool;
        this.clock = clock;
        this.days = days;
    }

    /** Rows deleted per table; empty when another instance is purging right now. */
    public Future<Map<String, Long>> purge() {
        OffsetDateTime cutoff =
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(Duration.ofDays(days));
        return pool.getConnection()
                .compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock($1) AS locked")
                        .execute(Tuple.of(LOCK_KEY))
                        .compose(rows -> rows.iterator().next().getBoolean("locked")
                                ? purgeAll(conn, cutoff)
                                        .eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                                                .execute(Tuple.of(LOCK_KEY)))
                                : Future.succeededFuture(Map.<String, Long>of()))
                        .eventually(conn::close))
                .onSuccess(deleted -> {
                    if (deleted.values().stream().anyMatch(n -> n > 0)) {
                        LOG.info("Retention purged rows older than {} ({} days): {}", cutoff, days, deleted);
                    }
                });
    }

    /** The journal's first kept event bounds the attempts' and the events' purges (see {@link Journal#FIRST_KEPT}). */
    private Future<Map<String, Long>> purgeAll(SqlConnection conn, OffsetDateTime cutoff) {
        return conn.preparedQuery(Journal.FIRST_KEPT).execute(Tuple.of(cutoff)).compose(first -> {
            long firstKept =
                    first.size() == 0 ? Long.MAX_VALUE : first.iterator().next().getLong(0);
            Map<String, Long> deleted = new LinkedHashMap<>();
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<String, String> table : STATEMENTS.entrySet()) {
                Tuple params = BELOW_FIRST_KEPT.contains(table.getKey())
                        ? Tuple.of(cutoff, BATCH, firstKept)
                        : Tuple.of(cutoff, BATCH);
                chain = chain.compose(v -> drain(conn, table.getValue(), params, 0)
                        .map(n -> {
                            deleted.put(table.getKey(), n);
                            return null;
                        }));
            }
            return chain.map(v -> deleted);
        });
    }

    /** Deletes batch after batch until a batch comes back short. */
    private Future<Long> drain(SqlConnection conn, String sql, Tuple params, long sofar) {
        return conn.preparedQuery(sql).execute(params).compose(rows -> {
            long total = sofar + rows.rowCount();
            return rows.rowCount() < BATCH ? Future.succeededFuture(total) : drain(conn, sql, params, total);
        });
    }
}
