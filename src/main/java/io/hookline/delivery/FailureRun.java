package io.hookline.delivery;

/**
 * Auto-disable from the sending side: a webhook is disabled at its {@code threshold + 1}-th failure in a row, and
 * after that nothing more may be sent. The database counts and decides; this makes sure the sending never runs
 * ahead of it: while the receiver is not known to be healthy, only as many requests may be in flight as could all
 * fail without the run passing {@code threshold + 1}. Once the run reaches that, sending stops until the database's
 * verdict (disabled, or — re-enabled meanwhile — a new count) is known.
 *
 * <p>Until a first success shows the receiver healthy, the cautious limit applies. A healthy receiver (last answer
 * a success) gets full concurrency; if it then fails suddenly, up to
 * {@code maxInFlight} requests are already on the wire, so a run can end up to that many failures longer. That is
 * the price of not serialising every webhook; it is documented.
 *
 * <p>Thread-safe: the lanes of one webhook on every event loop share it.
 */
final class FailureRun {

    private final int threshold;
    /** Failures in a row the database had counted at the last verdict. */
    private int recorded;
    /** Failures in a row seen here since then. */
    private int seen;

    private boolean healthy;

    FailureRun(int threshold, int recordedFailures) {
        this.threshold = threshold;
        this.recorded = recordedFailures;
    }

    /** How many requests may be in flight in all, given the cap for a healthy receiver. */
    synchronized int allowedInFlight(int maxInFlight) {
        if (healthy) {
            return maxInFlight;
        }
        return Math.min(maxInFlight, Math.max(0, threshold + 1 - recorded - seen));
    }

    synchronized void success() {
        recorded = 0;
        seen = 0;
        healthy = true;
    }

    synchronized void failure() {
        seen++;
        healthy = false;
    }

    /** The run has reached {@code threshold + 1}: nothing more goes out before the database's verdict. */
    synchronized boolean exhausted() {
        return !healthy && recorded + seen > threshold;
    }

    /** The database's count once every outcome seen here is stored (e.g. 0 after re-enabling). */
    synchronized void verdict(int counted) {
        recorded = counted;
        seen = 0;
    }

    /**
     * The database's count, read when this instance took the probe lease while outcomes of its own were still open:
     * they may or may not be in it, so the larger reading is kept (counting some twice only makes the run end sooner,
     * and the verdict then reads the exact count).
     */
    synchronized void atLeast(int counted) {
        recorded = Math.max(recorded, counted);
    }

    /** The last answer was a success: no probe lease is needed to send. */
    synchronized boolean healthy() {
        return healthy;
    }

    synchronized int failures() {
        return recorded + seen;
    }
}
