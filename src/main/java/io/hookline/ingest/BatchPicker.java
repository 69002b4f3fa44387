package io.hookline.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the next write's events from the queue, keeping order per message. A reaction must see every event about
 * its message that arrived before it (is the message synced? which reactions came first?), so it waits while such
 * an event is still being written; and nothing about a message may overtake an event about it that waits. Events
 * about other messages go ahead: order is per message, not global.
 */
final class BatchPicker {

    private final int maxBatch;
    /** Messages with an event in a write under way, and how many such events. */
    private final Map<String, Integer> busy = new HashMap<>();

    BatchPicker(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    /** Removes from {@code queue} and returns the events of the next write, in arrival order. */
    List<JournalEntry> pick(java.util.ArrayDeque<JournalEntry> queue) {
        List<JournalEntry> picked = new ArrayList<>(Math.min(queue.size(), maxBatch));
        Set<String> held = null;
        Iterator<JournalEntry> it = queue.iterator();
        while (it.hasNext() && picked.size() < maxBatch) {
            JournalEntry entry = it.next();
            boolean waits = held != null && held.contains(entry.uidKey())
                    || entry.isReaction() && busy.containsKey(entry.uidKey());
            if (waits) {
                if (held == null) {
                    held = new HashSet<>();
                }
                held.add(entry.uidKey());
                continue;
            }
            it.remove();
            picked.add(entry);
        }
        return picked;
    }

    void writing(List<JournalEntry> entries) {
        for (JournalEntry entry : entries) {
            busy.merge(entry.uidKey(), 1, Integer::sum);
        }
    }

    void written(List<JournalEntry> entries) {
        for (JournalEntry entry : entries) {
            busy.computeIfPresent(entry.uidKey(), (k, n) -> n == 1 ? null : n - 1);
        }
    }
}
