package io.hookline.delivery;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many deliveries the lanes of this process hold in memory, in all. Beyond the limit a delivery is deferred
 * to PostgreSQL (its event is parked and re-driven later), so memory stays bounded however many webhooks are slow
 * at once.
 */
public final class DeliveryBudget {

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    public DeliveryBudget(int max) {
        this.max = max;
    }

    boolean tryAcquire() {
        while (true) {
            int current = used.get();
            if (current >= max) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
    }

    public int used() {
        return used.get();
    }

    /**
     * True when bringing more back from PostgreSQL would not come close to the limit: below half of it, or — for a
     * limit of 1, whose half is 0 — when nothing is held at all, or nothing would ever be brought back.
     */
    public boolean hasRoom() {
        return used.get() < Math.max(1, max / 2);
    }
}
