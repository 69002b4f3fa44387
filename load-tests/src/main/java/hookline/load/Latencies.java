package hookline.load;

/** Latencies in 0.1 ms buckets up to 120 s, with the percentiles and the maximum the generators print. */
final class Latencies {

  private static final long BUCKET_NANOS = 100_000;   // 0.1 ms
  private static final int BUCKETS = 1_200_000;        // up to 120 s

  private final long[] histogram = new long[BUCKETS];
  private long counted;
  private long ok;
  private long maxNanos;

  void record(long latencyNanos, boolean success) {
    histogram[(int) Math.min(BUCKETS - 1, latencyNanos / BUCKET_NANOS)]++;
    maxNanos = Math.max(maxNanos, latencyNanos);
    counted++;
    if (success) {
      ok++;
    }
  }

  long ok() {
    return ok;
  }

  /** The line both generators print: {@code open-loop rate=R sent=N ok=M failed=F p50_ms=X p99_ms=Y max_ms=Z}. */
  String summary(long rate, long sent) {
    return String.format("open-loop rate=%d sent=%d ok=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f", rate, sent, ok,
        sent - ok, percentile(0.50), percentile(0.99), maxNanos / 1e6);
  }

  private double percentile(double p) {
    long target = (long) Math.ceil(counted * p);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += histogram[i];
      if (seen >= target && counted > 0) {
        return (i + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return Double.NaN;
  }
}
