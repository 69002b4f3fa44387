package io.hookline.bus;

/** Event-bus addresses between the verticles of one process. */
public final class Addresses {

  /** Committed events ready for fan-out ({@link io.hookline.fanout.FanoutBatch}). */
  public static final String FANOUT = "hookline.fanout";

  private static final String DELIVERY_PREFIX = "hookline.delivery.";

  private Addresses() {
  }

  /** Deliveries for the webhooks owned by delivery partition {@code partition}. */
  public static String delivery(int partition) {
    return DELIVERY_PREFIX + partition;
  }
}
