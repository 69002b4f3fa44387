package io.hookline.progress;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The instance watermark: the highest journal sequence number up to which every event this instance committed is
 * finished (or parked in {@code pending_events}). Each event loop ("slot") publishes the bound its own work puts
 * on it; the heartbeat persists the minimum, and after a crash only events above it are looked at again.
 */
public final class InstanceProgress {

    /** A slot with nothing open and nothing being written does not hold the watermark back. */
    static final long NO_BOUND = Long.MAX_VALUE;

    private final AtomicLongArray bounds;
    private final AtomicLong highestSeen;

    public InstanceProgress(int slots, long startSeq) {
        this.bounds = new AtomicLongArray(slots);
        for (int i = 0; i < slots; i++) {
            bounds.set(i, NO_BOUND);
        }
        this.highestSeen = new AtomicLong(startSeq);
    }

    /** A journal write returned these sequence numbers. */
    void seen(long seq) {
        highestSeen.accumulateAndGet(seq, Math::max);
    }

    /**
     * A write sent now gets sequence numbers above every one already seen: the sequence only grows, and they were
     * allocated before this write was.
     */
    long floorForNewWrite() {
        return highestSeen.get();
    }

    void publish(int slot, long bound) {
        bounds.set(slot, bound);
    }

    /** Every event of this instance with a sequence number up to the result is finished. */
    public long watermark() {
        long seen = highestSeen.get();
        long min = NO_BOUND;
        for (int i = 0; i < bounds.length(); i++) {
            min = Math.min(min, bounds.get(i));
        }
        return min == NO_BOUND ? seen : Math.min(min, seen);
    }
}
