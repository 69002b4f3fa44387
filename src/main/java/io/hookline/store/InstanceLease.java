package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's entry in {@code instances}: its number (stamped on the events it commits), its heartbeat, its
 * watermark ({@code done_through}: every event it owns up to there is finished) and, at a graceful stop, when it
 * stopped. An instance whose heartbeat is older than the lease (or that stopped) is presumed gone, and a live one
 * takes over its unfinished work.
 */
public final class InstanceLease {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLease.class);

    /** A gone instance whose work is still to be taken over. */
    /** {@code leaseMs}: the lease it was judged by, judged again when it is taken over. */
    public record Gone(UUID id, int num, long doneThrough, long leaseMs) {}

    private final Pool pool;
    private final UUID id;
    private int num;
    private long startSeq;
    private long persistedWatermark;
    /** Since when heartbeats have been succeeding without a gap (Long.MAX_VALUE while failing). */
    private volatile long healthySinceNanos = System.nanoTime();

    /**
     * Set when the stop marks the entry stopped: an heir may then remove it at once, and a heartbeat still under way
     * must not register the instance again (it did, as a live one that never beat again).
     */
    private volatile boolean stopping;

    public InstanceLease(Pool pool) {
        this.pool = pool;
        this.id = UUID.randomUUID();
    }

    public UUID id() {
        return id;
    }

    /** The number stamped on this instance's events; known once {@link #register()} completed. */
    public int num() {
        return num;
    }

    /**
     * Enters this instance. Its watermark starts at the journal's end: every event it will commit comes later, so
     * should it die young, its heir looks at its events only.
     */
    public Future<Void> register() {
        return pool.preparedQuery("INSERT INTO instances (id, done_through) "
                        + "VALUES ($1, (SELECT coalesce(max(seq), 0) FROM events)) RETURNING num, done_through")
                .execute(Tuple.of(id))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    num = row.getInteger("num");
                    startSeq = row.getLong("done_through");
                    persistedWatermark = startSeq;
                    return null;
                });
    }

    /** The journal's end when this instance registered. */
    public long startSeq() {
        return startSeq;
    }

    public Pool pool() {
        return pool;
    }

    /** Proves this instance alive and records its watermark (never moving it back). */
    public Future<Void> heartbeat(long watermark) {
        long mark = Math.max(watermark, persistedWatermark);
        return pool.preparedQuery("UPDATE instances SET heartbeat_at = now(), done_through = $2 WHERE id = $1")
                .execute(Tuple.of(id, mark))
                .compose(rows -> rows.rowCount() > 0 || stopping ? Future.succeededFuture() : enterAgain(mark))
                .<Void>map(rows -> {
                    persistedWatermark = mark;
                    if (healthySinceNanos == Long.MAX_VALUE) {
                        healthySinceNanos = System.nanoTime();
                    }
                    return null;
                })
                .onFailure(err -> healthySinceNanos = Long.MAX_VALUE);
    }

    /**
     * Another instance took this one for gone (its heartbeats had failed for longer than the lease: a stall, or a pool
     * too busy to run them) and took over its unfinished work, removing its entry. It is alive: without an entry, the
     * events it commits from now on and the rows it parks would belong to nobody once it dies (code review). The same
     * id and number again, so they are its own; what the heir took over may be sent by both, as after a crash.
     */
    private Future<Void> enterAgain(long mark) {
        return pool.preparedQuery("INSERT INTO instances (id, num, done_through) OVERRIDING SYSTEM VALUE "
                        + "VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(id, num, mark))
                .onSuccess(rows -> LOG.warn(
                        "Another instance took this one for gone (its heartbeats had failed for longer than "
                                + "HOOKLINE_INSTANCE_LEASE_MS) and took over its unfinished events; registered again"
                                + " as instance {}. Deliveries both make arrive twice, with the same webhook-id",
                        num))
                .mapEmpty();
    }

    /**
     * Whether this instance may judge others dead by their heartbeats: only once its own have been succeeding for
     * longer than the lease. Right after a database outage every heartbeat is stale, including those of instances
     * that are alive and still hold their work in memory.
     */
    public boolean mayJudgeOthers(long leaseMs) {
        long since = healthySinceNanos;
        return since != Long.MAX_VALUE && System.nanoTime() - since > leaseMs * 1_000_000L;
    }

    public Future<Void> markStopped(long watermark) {
        stopping = true;
        return pool.preparedQuery("UPDATE instances SET stopped_at = now(), done_through = greatest(done_through, $2) "
                        + "WHERE id = $1")
                .execute(Tuple.of(id, watermark))
                .mapEmpty();
    }

    /** Stopped instances are gone for sure; silent ones only if {@code judgeHeartbeats}. */
    public Future<List<Gone>> gone(long leaseMs, boolean judgeHeartbeats) {
        return pool.preparedQuery("""
            SELECT id, num, done_through FROM instances
            WHERE id <> $1 AND (stopped_at IS NOT NULL
                                OR ($3 AND heartbeat_at < now() - make_interval(secs => $2)))""")
                .execute(Tuple.of(id, leaseMs / 1000.0, judgeHeartbeats))
                .map(rows -> {
                    List<Gone> gone = new ArrayList<>();
                    for (Row row : rows) {
                        gone.add(new Gone(
                                row.getUUID("id"), row.getInteger("num"), row.getLong("done_through"), leaseMs));
                    }
                    return gone;
                });
    }

    /**
     * Takes a gone instance's work, in one transaction: its parked rows and the events above its watermark become
     * this instance's pending work, and its entry is removed, so exactly one heir gets it. Yields the rows taken, or
     * -1 if another instance was quicker.
     */
    public Future<Integer> inherit(Gone gone) {
        // judged again: an heir quicker than this one may have taken it, and the instance, alive, entered again since
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM instances WHERE id = $1 AND (stopped_at IS"
                        + " NOT NULL OR heartbeat_at < now() - make_interval(secs => $2)) RETURNING id")
                .execute(Tuple.of(gone.id(), gone.leaseMs() / 1000.0))
                .compose(deleted -> deleted.size() == 0
                        ? Future.succeededFuture(-1)
                        : PendingWork.takeOver(conn, gone.id(), gone.num(), gone.doneThrough(), id)));
    }
}
