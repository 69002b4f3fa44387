package io.hookline.progress;

import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

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
    private boolean skipping;
    private boolean finished;
    private final Consumer<EventTicket> onFinished;
    /** The webhooks the event was routed to when committed; null where that is not known here (a re-drive). */
    private UUID[] owed;

    EventTicket(long seq, int deliveries, boolean parked, long openedAtNanos) {
        this(seq, deliveries, parked, openedAtNanos, null);
    }

    private EventTicket(
            long seq, int deliveries, boolean parked, long openedAtNanos, Consumer<EventTicket> onFinished) {
        this.seq = seq;
        this.open = deliveries;
        this.parked = parked;
        this.openedAtNanos = openedAtNanos;
        this.onFinished = onFinished;
    }

    /**
     * A ticket for one delivery that is not an event's own (a reaction fold, whose events were handed over when the
     * fold was written): no ledger, no watermark, no pending row; {@code onFinished} learns how it ended instead.
     */
    public static EventTicket detached(long seq, Consumer<EventTicket> onFinished) {
        return new EventTicket(seq, 1, true, System.nanoTime(), onFinished);
    }

    /** For a detached ticket, what runs once its delivery ended; null for an event's own ticket. */
    public Consumer<EventTicket> onFinished() {
        return onFinished;
    }

    public long seq() {
        return seq;
    }

    /** Fan-out routed the event to these webhooks; a pending row written for it keeps them for the re-drive. */
    public void owe(UUID[] webhooks) {
        owed = webhooks;
    }

    /** The webhooks fan-out routed the event to, or null when unknown. */
    public UUID[] owed() {
        return owed;
    }

    /** {@code webhook}'s delivery was dropped (disabled or deleted): the event is no longer owed to it. */
    public void disown(UUID webhook) {
        if (owed == null) {
            return;
        }
        int at = Arrays.asList(owed).indexOf(webhook);
        if (at >= 0) {
            UUID[] rest = new UUID[owed.length - 1];
            System.arraycopy(owed, 0, rest, 0, at);
            System.arraycopy(owed, at + 1, rest, at, rest.length - at);
            owed = rest;
        }
    }

    /** A skip is being recorded for the event: it is finished, and must not be parked. */
    public void markSkipping() {
        skipping = true;
    }

    public boolean skipping() {
        return skipping;
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
