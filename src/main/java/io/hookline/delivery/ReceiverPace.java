package io.hookline.delivery;

import io.vertx.circuitbreaker.CircuitBreakerState;

/**
 * How quickly one webhook's receiver answers, as one lane sees it, and whether the receiver (rather than this process)
 * is what holds the lane's queue back (see {@link SlotLoad}). Confined to the lane's event loop.
 */
final class ReceiverPace {

    /** A moving average of the last attempts' durations, in ms; 0 until the first answer. */
    private int answerMs;

    void answered(int durationMs) {
        answerMs = answerMs == 0 ? Math.max(1, durationMs) : (answerMs * 7 + durationMs) / 8;
    }

    /**
     * The receiver holds the lane back: it answers slowly, or the webhook's own limits (its concurrency, a failure
     * run, an open or half-open breaker) stop the next request. A lane that waits only for its turn at a busy receiver
     * host that answers quickly waits for this process. {@code gate} null: the webhook is gone, nothing is sent.
     */
    boolean holdsBack(WebhookGate gate, int maxInFlight) {
        return answerMs > SlotLoad.SLOW_ANSWER_MS
                || gate == null
                || gate.inFlight() >= maxInFlight
                || !gate.run().healthy()
                || gate.breaker().state() != CircuitBreakerState.CLOSED;
    }
}
