package io.hookline.delivery;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of deliveries all lanes of this process may hold in memory together. Beyond it a delivery is
 * deferred to PostgreSQL (its event stays pending and is re-driven later), so memory stays bounded however many
 * webhooks are slow at once.
 */
public final class DeliveryBudget {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();

  public DeliveryBudget(int max) {
    this.max = max;
  }

  public boolean tryAcquire() {
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

  public void release() {
    used.decrementAndGet();
  }

  public int used() {
    return used.get();
  }
}
