package io.hookline.progress;

/**
 * The work of one accepted event in this process: how many of its deliveries are still open, whether any had to
 * be left to the re-drive (its webhook's queue was full), and whether the event has a row in
 * {@code pending_events} ("parked") or is covered by the instance watermark. All deliveries of an event run on the
 * event loop that committed it (or re-drove it), so a ticket is only ever touched from that one thread.
 */
public final class EventTicket {

  private final long seq;
  private final long openedAtNanos;
  private int open;
  private boolean deferred;
  private boolean attempted;
  private boolean parked;
  private boolean parking;
  private boolean finished;

  EventTicket(long seq, int deliveries, boolean parked, long openedAtNanos) {
    this.seq = seq;
    this.open = deliveries;
    this.parked = parked;
    this.openedAtNanos = openedAtNanos;
  }

  public long seq() {
    return seq;
  }

  long openedAtNanos() {
    return openedAtNanos;
  }

  /** The event turned out to have {@code more} deliveries than it was opened with. */
  public void addDeliveries(int more) {
    open += more;
  }

  /** One delivery ended (attempt stored, dropped or deferred). True when it was the last one. */
  public boolean release() {
    if (--open == 0) {
      finished = true;
      return true;
    }
    return false;
  }

  /** Every delivery ended; what remains is recording that (or parking the event for the re-drive). */
  public boolean finished() {
    return finished;
  }

  public void markAttempted() {
    attempted = true;
  }

  /** False when every delivery was dropped because its webhook was disabled or deleted before sending. */
  public boolean attempted() {
    return attempted;
  }

  /** A delivery could not be held in memory: the event is left to the re-drive once the others are done. */
  public void markDeferred() {
    deferred = true;
  }

  public boolean deferred() {
    return deferred;
  }

  public boolean parked() {
    return parked;
  }

  void parked(boolean value) {
    parked = value;
  }

  public boolean parking() {
    return parking;
  }

  /** A row in pending_events is being written for this event. */
  public void parking(boolean value) {
    parking = value;
  }
}
