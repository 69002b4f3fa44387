package io.hookline.delivery;

import io.hookline.metrics.HooklineMetrics;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the lanes of one webhook on every event loop share: its circuit breaker, its {@link FailureRun} and the
 * requests it has in flight. A hot webhook thus uses every core while its limits hold in total. A gate lives for one
 * enabled period of its webhook: once the webhook is disabled or deleted it is retired, and re-enabling (or resetting
 * the failure count) starts a new one.
 *
 * <p>Thread-safe.
 */
final class WebhookGate {

    private final UUID webhookId;
    private final OffsetDateTime period;
    private final CircuitBreaker breaker;
    private final FailureRun run;
    /** Attempts handed to a writer and not yet committed. */
    private final AtomicInteger unstored = new AtomicInteger();

    private final AtomicBoolean verdictRunning = new AtomicBoolean();
    private final Set<Lane> waiting = ConcurrentHashMap.newKeySet();
    private final HooklineMetrics metrics;
    private int inFlight;
    private volatile boolean retired;
    private boolean countedOpen;

    WebhookGate(
            UUID webhookId, OffsetDateTime period, CircuitBreaker breaker, FailureRun run, HooklineMetrics metrics) {
        this.webhookId = webhookId;
        this.period = period;
        this.breaker = breaker;
        this.run = run;
        this.metrics = metrics;
        metrics.breakerCreated();
        breaker.openHandler(v -> countOpen(true))
                .halfOpenHandler(v -> wakeAll())
                .closeHandler(v -> {
                    countOpen(false);
                    wakeAll();
                });
    }

    /** Half-open counts as open in the metrics; the breaker may re-open from there. */
    private synchronized void countOpen(boolean open) {
        if (open != countedOpen && !retired) {
            countedOpen = open;
            if (open) {
                metrics.breakerOpened();
            } else {
                metrics.breakerClosed();
            }
        }
    }

    UUID webhookId() {
        return webhookId;
    }

    /** The enabled period this gate belongs to. */
    OffsetDateTime period() {
        return period;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    FailureRun run() {
        return run;
    }

    /** One more request may go out: within the cap, within what the failure run allows, one at a time half-open. */
    synchronized boolean tryAcquire(int maxInFlight) {
        int allowed = breaker.state() == CircuitBreakerState.HALF_OPEN ? 1 : run.allowedInFlight(maxInFlight);
        if (inFlight < allowed) {
            inFlight++;
            return true;
        }
        return false;
    }

    synchronized void release() {
        inFlight--;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    void handedToWriter() {
        unstored.incrementAndGet();
    }

    void stored() {
        if (unstored.decrementAndGet() == 0 && run.exhausted()) {
            wakeAll();
        }
    }

    /** Every outcome of the run is stored and nothing is in flight: the database's count is final. */
    boolean settled() {
        return unstored.get() == 0 && inFlight() == 0;
    }

    boolean startVerdict() {
        return verdictRunning.compareAndSet(false, true);
    }

    void verdictDone() {
        verdictRunning.set(false);
    }

    void retire() {
        boolean wasOpen;
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
            wasOpen = countedOpen;
        }
        metrics.breakerRetired(wasOpen);
        wakeAll();
    }

    boolean retired() {
        return retired;
    }

    /** A lane that could not send everything: it is woken when a permit or the breaker frees up. */
    void await(Lane lane) {
        waiting.add(lane);
    }

    void wakeAll() {
        for (Lane lane : waiting) {
            if (waiting.remove(lane)) {
                lane.wake();
            }
        }
    }
}
