package io.hookline.delivery;

/**
 * How many deliveries the lanes of one event loop hold in memory because this process is behind. Ingest on that
 * loop stops committing more events while this is high, so producers are slowed to the pace delivery keeps instead
 * of a backlog growing without end.
 *
 * <p>Only lanes that are flowing count: a lane whose oldest delivery has waited longer than {@link #STALE_MS} is held
 * up by its receiver (slow, or at its concurrency limit), not by this process. Holding ingest back for it would let
 * one slow receiver stall every workspace; instead that lane fills to its capacity and defers the rest to PostgreSQL.
 *
 * <p>Confined to its event loop.
 */
public final class SlotLoad {

    /**
     * A lane whose oldest queued delivery is older than this is receiver-bound and stops counting. Not less: with one
     * second, every lane of a busy instance went stale in the first second of load (the compiler had not caught up,
     * and heads waited 1.1-1.4 s), ingest ran ahead of delivery from then on, and with ten webhooks per event nearly
     * every event was parked in PostgreSQL and read back. The price is that a receiver turning slow can hold the
     * loop's ingest back for up to this long before its lane stops counting, once, if its queue alone passes the high
     * water.
     */
    static final long STALE_MS = 3000;

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
