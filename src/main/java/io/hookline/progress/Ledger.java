package io.hookline.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What one event loop ("slot") is working on: the tickets of the events it committed or re-drove, and its
 * journal writes under way. It publishes the bound its work puts on the instance watermark: below the oldest
 * unfinished, unparked event, and below every sequence number a write in flight may still get.
 *
 * <p>Confined to the slot's event loop.
 */
public final class Ledger {

    private final int slot;
    private final InstanceProgress progress;
    /** Unfinished events not parked in pending_events: they hold the watermark back. */
    private final TreeMap<Long, EventTicket> unparked = new TreeMap<>();
    /** Floors of the journal writes in flight, oldest first. */
    private final ArrayDeque<Long> writeFloors = new ArrayDeque<>();

    private int parkedInMemory;

    public Ledger(int slot, InstanceProgress progress) {
        this.slot = slot;
        this.progress = progress;
    }

    /** A journal write is about to be sent; call {@link #writeEnded} when it returned, after opening its tickets. */
    public long writeStarted() {
        long floor = progress.floorForNewWrite();
        writeFloors.add(floor);
        publish();
        return floor;
    }

    public void writeEnded(long floor, long highestSeq) {
        writeFloors.remove(floor);
        if (highestSeq > 0) {
            progress.seen(highestSeq);
        }
        publish();
    }

    /** A committed event with {@code deliveries} to make. */
    public EventTicket open(long seq, int deliveries, long nowNanos) {
        EventTicket ticket = new EventTicket(seq, deliveries, false, nowNanos);
        unparked.put(seq, ticket);
        return ticket;
    }

    /** A pending event brought back by the re-drive: it is parked already, so it does not hold the watermark. */
    public EventTicket openParked(long seq, int deliveries, long nowNanos) {
        parkedInMemory++;
        return new EventTicket(seq, deliveries, true, nowNanos);
    }

    /** Unfinished, unparked events older than {@code ageNanos}, to park so they stop holding the watermark. */
    public List<EventTicket> dueForParking(long nowNanos, long ageNanos) {
        List<EventTicket> due = new ArrayList<>();
        for (EventTicket ticket : unparked.values()) {
            if (nowNanos - ticket.openedAtNanos() >= ageNanos && !ticket.parking() && !ticket.skipping()) {
                ticket.parking(true);
                due.add(ticket);
            }
        }
        return due;
    }

    /** Parking was attempted for {@code ticket}: it is now parked (row committed), or not (write failed). */
    public void parkingDone(EventTicket ticket, boolean parked) {
        ticket.parking(false);
        if (parked && !ticket.parked()) {
            ticket.parked(true);
            unparked.remove(ticket.seq());
            parkedInMemory++;
            publish();
        }
    }

    /** The event needs nothing more from this process (finished, or parked and handed to the re-drive). */
    public void close(EventTicket ticket) {
        if (ticket.parked()) {
            parkedInMemory--;
        } else if (unparked.remove(ticket.seq()) != null) {
            publish();
        }
    }

    /** Events this slot holds in memory. */
    public int size() {
        return unparked.size() + parkedInMemory;
    }

    private void publish() {
        long bound = InstanceProgress.NO_BOUND;
        if (!unparked.isEmpty()) {
            bound = unparked.firstKey() - 1;
        }
        for (long floor : writeFloors) {
            bound = Math.min(bound, floor);
        }
        progress.publish(slot, bound);
    }
}
