package io.hookline.delivery;

/**
 * How many deliveries the lanes of one event loop hold in memory. Ingest on that loop stops committing more events
 * while this is high, so producers are slowed to the pace delivery keeps instead of a backlog growing without end.
 *
 * <p>Confined to its event loop.
 */
public final class SlotLoad {

  int queued;
  private final int highWater;

  public SlotLoad(int highWater) {
    this.highWater = highWater;
  }

  /** True while delivery on this loop is behind: ingest holds its next write back. */
  public boolean backedUp() {
    return queued > highWater;
  }
}
