package io.hookline.delivery;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.ProbeLeases;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the lanes of one webhook on every event loop share: its circuit breaker, its {@link FailureRun}, its
 * {@link ProbeLease} and the requests it has in flight. A hot webhook thus uses every core while its limits hold in
 * total. A gate lives for one enabled period of its webhook: once the webhook is disabled or deleted it is retired,
 * and re-enabling (or resetting the failure count) starts a new one.
 *
 * <p>Thread-safe.
 */
final class WebhookGate {

    private final UUID webhookId;
    private final OffsetDateTime period;
    private final CircuitBreaker breaker;
    private final FailureRun run;
    private final ProbeLease lease;
    private final ProbeLease.Taken taken = this::taken;
    /** Attempts handed to a writer and not yet committed. */
    private final AtomicInteger unstored = new AtomicInteger();

    private final AtomicBoolean verdictRunning = new AtomicBoolean();
    private final Set<Lane> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicLong wakeups = new AtomicLong();
    private final HooklineMetrics metrics;
    private int inFlight;
    private volatile boolean retired;
    private boolean countedOpen;

    record Probing(ProbeLeases leases, Vertx vertx, long deliveryTimeoutMs) {}

    WebhookGate(
            UUID webhookId,
            OffsetDateTime period,
            CircuitBreaker breaker,
            FailureRun run,
            Probing probing,
            HooklineMetrics metrics) {
        this.webhookId = webhookId;
        this.period = period;
        this.breaker = breaker;
        this.run = run;
        this.lease = new ProbeLease(
                webhookId, probing.leases(), probing.vertx(), probing.deliveryTimeoutMs(), this::wakeAll);
        this.metrics = metrics;
        metrics.breakerCreated();
        breaker.openHandler(v -> countOpen(true))
                .halfOpenHandler(v -> wakeAll())
                .closeHandler(v -> {
                    countOpen(false);
                    wakeAll();
                });
        lease.mayProbe(true, taken); // a new gate is cautious: have the lease ready by the first request
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

    /** The probe lease is held, or being taken or given back. */
    boolean probing() {
        return lease.engaged();
    }

    /**
     * One more request may go out: within the cap, within what the failure run allows, one at a time half-open, and
     * while the receiver is not known healthy only with this instance holding the probe lease.
     */
    synchronized boolean tryAcquire(int maxInFlight) {
        if (!run.healthy() && !lease.mayProbe(settled(), taken)) {
            return false;
        }
        // after the lease: a take that just completed has set the run's count from the database
        int allowed = breaker.state() == CircuitBreakerState.HALF_OPEN ? 1 : run.allowedInFlight(maxInFlight);
        if (inFlight >= allowed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /**
     * The lease was taken with the database's count: exact if none of this instance's outcomes was open then. Not
     * needed any more if a success came meanwhile: the count it read may be older than that success.
     */
    private boolean taken(int counted, boolean exact) {
        if (run.healthy()) {
            return false;
        }
        if (exact) {
            run.verdict(counted);
        } else {
            run.atLeast(counted);
        }
        return true;
    }

    /** An answer: a success shows the receiver healthy, so other instances may probe it too. */
    void outcome(boolean success) {
        if (success) {
            run.success();
            lease.giveBack();
        } else {
            run.failure();
            lease.mayProbe(false, taken); // cautious from now on: have the lease ready by the next request
        }
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

    /**
     * An outcome is committed. Once all are and no lane waits, the database's count holds everything this instance
     * saw, so another instance may take the probe lease and go on from it.
     */
    void stored() {
        if (unstored.decrementAndGet() != 0) {
            return;
        }
        if (run.exhausted()) {
            wakeAll();
        } else if (lease.engaged() && waiting.isEmpty() && settled()) {
            lease.giveBack();
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
        lease.close();
        wakeAll();
    }

    boolean retired() {
        return retired;
    }

    /** A lane that could not send everything: it is woken when a permit or the breaker frees up. */
    void await(Lane lane) {
        waiting.add(lane);
    }

    /** How many times lanes were woken: a lane reads it before trying, and hands it to {@link #await(Lane, long)}. */
    long wakeups() {
        return wakeups.get();
    }

    /**
     * Like {@link #await(Lane)}, but if lanes were woken since {@code seen} (a permit or the lease freed up on another
     * event loop between this lane's try and now), the lane is woken at once instead of missing it.
     */
    void await(Lane lane, long seen) {
        waiting.add(lane);
        if (wakeups.get() != seen && waiting.remove(lane)) {
            lane.wake();
        }
    }

    void wakeAll() {
        wakeups.incrementAndGet();
        for (Lane lane : waiting) {
            if (waiting.remove(lane)) {
                lane.wake();
            }
        }
    }
}
