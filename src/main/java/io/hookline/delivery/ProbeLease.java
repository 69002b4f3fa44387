package io.hookline.delivery;

import io.hookline.store.ProbeLeases;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * This instance's hold on one webhook's probe lease ({@link ProbeLeases}), for one {@link WebhookGate}. While the
 * receiver is not known to be healthy, only the holder sends, so several instances together cannot run past the
 * disable threshold. A lease is taken when a cautious request wants to go out, renewed while such requests go on, and
 * given back once a success shows the receiver healthy, once the holder's outcomes are stored and nothing waits, or
 * when the gate retires.
 *
 * <p>One database operation at a time, so a give-back can never land after a later take. If the database does not
 * answer, sending goes on for a second under this instance's own limit only, as it did before leases: its attempts
 * cannot be stored then either, and the attempt writer's backpressure stops the lanes soon after.
 *
 * <p>Thread-safe.
 */
final class ProbeLease {

    /** A holder's take is refused: try again this soon (another instance is probing the receiver). */
    private static final long REFUSED_RETRY_MS = 200;

    private static final long UNANSWERED_GRACE_MS = 1000;

    /**
     * What the gate does with a taken lease: {@code counted} failures in a row, {@code exact} if nothing was open. False
     * when it is no longer needed (the receiver answered a success meanwhile): it is given back at once.
     */
    interface Taken {
        boolean taken(int counted, boolean exact);
    }

    private final UUID webhookId;
    /** This hold's own name in the table: a later gate of the same webhook in this instance has another. */
    private final UUID token = UUID.randomUUID();

    private final ProbeLeases leases;
    private final Vertx vertx;
    private final Runnable wake;
    /** A lease lasts this long, so that a holder that died blocks the others only for a while. */
    private final long leaseNanos;
    /** A request sent with at least this much of the lease left is answered and stored before the lease lapses. */
    private final long marginNanos;

    private long heldUntil;
    private boolean held;
    /** Held, or a take or give-back under way: read without the lock on every success. */
    private volatile boolean engaged;

    private long retryAt;
    private boolean busy;
    private boolean giveBackAfter;
    private boolean closed;

    ProbeLease(UUID webhookId, ProbeLeases leases, Vertx vertx, long deliveryTimeoutMs, Runnable wake) {
        this.webhookId = webhookId;
        this.leases = leases;
        this.vertx = vertx;
        this.wake = wake;
        this.leaseNanos = (2 * deliveryTimeoutMs + 10_000) * 1_000_000;
        this.marginNanos = (deliveryTimeoutMs + 5_000) * 1_000_000;
        this.retryAt = System.nanoTime();
    }

    /**
     * Whether a cautious request may go out now. If not, a take is started when none is under way and the last was not
     * refused just now; the gate's lanes are woken when it completes.
     */
    synchronized boolean mayProbe(boolean settled, Taken taken) {
        long now = System.nanoTime();
        if (held && heldUntil - now > marginNanos) {
            return true;
        }
        if (!busy && !closed && now - retryAt >= 0) {
            take(now, settled, taken);
        }
        return false;
    }

    private void take(long startedAt, boolean settled, Taken taken) {
        busy = true;
        engaged = true;
        leases.take(webhookId, token, leaseNanos / 1e9).onComplete(ar -> {
            Integer counted = ar.succeeded() ? ar.result() : null;
            // lock order: gate, then lease, then the failure run (which calls nothing)
            synchronized (this) {
                busy = false;
                if (ar.failed()) {
                    held = true; // this instance's own limit only, for a moment
                    heldUntil = System.nanoTime() + marginNanos + UNANSWERED_GRACE_MS * 1_000_000;
                    retryAt = heldUntil - marginNanos;
                } else if (counted == null) {
                    held = false; // another instance took it after ours lapsed, or the webhook is no longer enabled
                    engaged = false;
                    retryAt = System.nanoTime() + REFUSED_RETRY_MS * 1_000_000;
                    vertx.setTimer(REFUSED_RETRY_MS, id -> wake.run());
                } else {
                    held = true;
                    heldUntil = startedAt + leaseNanos;
                    // the count is applied before anyone may send under the lease
                    giveBackAfter |= !taken.taken(counted, settled);
                }
            }
            finishOrGiveBack();
        });
    }

    /** The receiver is known healthy, or this instance has nothing more to probe with: others may have the lease. */
    void giveBack() {
        if (engaged) {
            giveBackHeld();
        }
    }

    private synchronized void giveBackHeld() {
        if (!held && !busy) {
            engaged = false;
            return;
        }
        if (busy) {
            giveBackAfter = true;
            return;
        }
        held = false;
        busy = true;
        leases.giveBack(webhookId, token).onComplete(ar -> {
            synchronized (this) {
                busy = false;
                engaged = held;
            }
            finishOrGiveBack();
        });
    }

    /** The gate retired: give the lease back and take it no more. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        giveBack();
    }

    boolean engaged() {
        return engaged;
    }

    private void finishOrGiveBack() {
        boolean again;
        synchronized (this) {
            again = giveBackAfter;
            giveBackAfter = false;
        }
        if (again) {
            giveBack();
        }
        wake.run();
    }
}
