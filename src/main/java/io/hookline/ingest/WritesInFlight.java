package io.hookline.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A journal's writes under way, and whether another may start. One at a time makes each batch as large as the load
 * allows, so PostgreSQL commits fewer, larger transactions (its cost is per statement and commit far more than per
 * row). A second write starts only beside a slow one: a transaction with reactions (several round trips), or a write
 * in flight for longer than {@link #SLOW_NANOS}, so one stalled commit does not hold back everything queued behind it.
 *
 * <p>Confined to the journal's event loop.
 */
final class WritesInFlight {

    static final int MAX = 2;
    /** A plain group-commit insert takes about a millisecond under load; five is a stall. */
    static final long SLOW_NANOS = 5_000_000L;

    /** One write under way: identity matters, two writes may look alike. */
    static final class Write {
        private final long startedNanos;
        private final boolean transaction;

        private Write(long startedNanos, boolean transaction) {
            this.startedNanos = startedNanos;
            this.transaction = transaction;
        }
    }

    private final List<Write> writes = new ArrayList<>(MAX);

    /** {@code transaction}: the write is a reaction transaction rather than one insert. */
    Write started(boolean transaction, long nowNanos) {
        Write write = new Write(nowNanos, transaction);
        writes.add(write);
        return write;
    }

    void ended(Write write) {
        writes.remove(write);
    }

    boolean none() {
        return writes.isEmpty();
    }

    boolean roomFor(long nowNanos) {
        if (writes.isEmpty()) {
            return true;
        }
        if (writes.size() >= MAX) {
            return false;
        }
        Write solo = writes.get(0);
        return solo.transaction || nowNanos - solo.startedNanos > SLOW_NANOS;
    }
}
