package io.hookline.delivery;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many deliveries the lanes of this process hold in memory, in all and per webhook. Beyond the global limit
 * a delivery is deferred to PostgreSQL (its event stays pending and is re-driven later), so memory stays bounded
 * however many webhooks are slow at once; the per-webhook counts let the re-drive bring back only what a lane has
 * room for.
 */
public final class DeliveryBudget {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();
  private final ConcurrentHashMap<UUID, AtomicInteger> perWebhook = new ConcurrentHashMap<>();

  public DeliveryBudget(int max) {
    this.max = max;
  }

  public boolean tryAcquire(UUID webhookId) {
    while (true) {
      int current = used.get();
      if (current >= max) {
        return false;
      }
      if (used.compareAndSet(current, current + 1)) {
        perWebhook.computeIfAbsent(webhookId, id -> new AtomicInteger()).incrementAndGet();
        return true;
      }
    }
  }

  public void release(UUID webhookId) {
    used.decrementAndGet();
    AtomicInteger count = perWebhook.get(webhookId);
    if (count != null) {
      count.decrementAndGet();
    }
  }

  public int used() {
    return used.get();
  }

  /** True when re-driving one more delivery to this webhook would not come close to a limit. */
  public boolean hasRoom(UUID webhookId, int laneCapacity) {
    AtomicInteger count = perWebhook.get(webhookId);
    return used.get() < max / 2 && (count == null || count.get() < laneCapacity / 2);
  }

  /** Forgets a webhook that no longer exists. */
  public void forget(UUID webhookId) {
    perWebhook.remove(webhookId);
  }
}
