package io.hookline.delivery;

/**
 * How many deliveries the lanes of one event loop hold in memory because this process is behind. Ingest on that
 * loop stops committing more events while this is high, so producers are slowed to the pace delivery keeps instead
 * of a backlog growing without end.
 *
 * <p>Only lanes that are flowing count. A lane whose oldest delivery has waited longer than {@link #STALE_MS} and
 * whose receiver holds it up (answers take longer than {@link #SLOW_ANSWER_MS} on average, or the webhook's own
 * concurrency limit, failure run or breaker stops the next request) is receiver-bound: holding ingest back for it
 * would let one slow receiver stall every workspace, so that lane fills to its capacity and defers the rest to
 * PostgreSQL. A lane that has waited as long only for its turn at a receiver host that answers quickly waits for this
 * process, and keeps counting: judged by the wait alone, every lane of a busy process went stale at once (the
 * compiler's first seconds were enough), ingest ran ahead of delivery for good, and the backlog was parked in
 * PostgreSQL and read back.
 *
 * <p>Confined to its event loop.
 */
public final class SlotLoad {

    /** A lane whose oldest queued delivery is older than this is receiver-bound and stops counting. */
    static final long STALE_MS = 1000;

    /** A receiver whose answers take longer than this on average is slow: its lane's stale queue is its own. */
    static final int SLOW_ANSWER_MS = 500;

    private int queued;
    private final int highWater;

    public SlotLoad(int highWater) {
        this.highWater = highWater;
    }

    /** True while delivery on this loop is behind: ingest holds its next write back. */
    public boolean backedUp() {
        return queued > highWater;
    }

    /** Deliveries counted now (read by tests). */
    int queued() {
        return queued;
    }

    /** A lane's count changed from {@code before} to {@code after}. */
    void change(int before, int after) {
        queued += after - before;
    }
}
