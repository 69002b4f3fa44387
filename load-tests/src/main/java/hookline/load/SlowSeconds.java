package hookline.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per second of the measured schedule (by when each request was due): the slowest answer and how many answers took
 * longer than a threshold. It tells a tail made of a few bursts (every request waiting on one stalled commit) from a
 * sustained overload, which a p99 alone cannot.
 */
final class SlowSeconds {

  private final long thresholdNanos;
  private final long[] maxNanos;
  private final long[] over;

  SlowSeconds(long seconds, long thresholdMillis) {
    this.thresholdNanos = thresholdMillis * 1_000_000L;
    this.maxNanos = new long[(int) seconds];
    this.over = new long[(int) seconds];
  }

  void record(int second, long latencyNanos) {
    if (second < 0 || second >= maxNanos.length) {
      return;
    }
    maxNanos[second] = Math.max(maxNanos[second], latencyNanos);
    if (latencyNanos > thresholdNanos) {
      over[second]++;
    }
  }

  /** E.g. {@code slow seconds (a request over 25 ms): 2 of 20; worst: second 12 max 81.3 ms (384 over), ...}. */
  String summary() {
    List<Integer> slow = new ArrayList<>();
    for (int s = 0; s < maxNanos.length; s++) {
      if (maxNanos[s] > thresholdNanos) {
        slow.add(s);
      }
    }
    slow.sort(Comparator.comparingLong((Integer s) -> maxNanos[s]).reversed());
    StringBuilder line = new StringBuilder(String.format("slow seconds (a request over %d ms): %d of %d",
        thresholdNanos / 1_000_000L, slow.size(), maxNanos.length));
    for (int i = 0; i < Math.min(3, slow.size()); i++) {
      int s = slow.get(i);
      line.append(i == 0 ? "; worst: " : ", ").append(String.format("second %d max %.1f ms (%d over)", s,
          maxNanos[s] / 1e6, over[s]));
    }
    return line.toString();
  }
}
