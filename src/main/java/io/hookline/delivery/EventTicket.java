package io.hookline.delivery;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the deliveries of one event that are still open. When the last one is recorded the event is complete
 * and leaves {@code pending_events}; if any of them had to be deferred (its webhook's queue was full) the event
 * stays pending and the re-drive finishes it later.
 */
public final class EventTicket {

  public enum Release { OPEN, COMPLETE, DEFERRED }

  private final long seq;
  private final AtomicInteger open;
  private volatile boolean deferred;
  private volatile boolean attempted;

  public EventTicket(long seq, int deliveries) {
    this.seq = seq;
    this.open = new AtomicInteger(deliveries);
  }

  public long seq() {
    return seq;
  }

  /** One delivery is done (attempt committed, or dropped because its webhook is gone or disabled). */
  public Release release() {
    if (open.decrementAndGet() > 0) {
      return Release.OPEN;
    }
    return deferred ? Release.DEFERRED : Release.COMPLETE;
  }

  /** One delivery was attempted (its attempt is stored). */
  public void markAttempted() {
    attempted = true;
  }

  /** False when every delivery was dropped because its webhook was disabled or deleted before sending. */
  public boolean attempted() {
    return attempted;
  }

  /** One delivery could not be held in memory; it is left to the re-drive. Release it afterwards. */
  public EventTicket markDeferred() {
    deferred = true;
    return this;
  }
}
