package io.hookline.progress;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal sequence numbers this process is working on in memory. An event that is pending in the database
 * but not in here (left by a crash, a full queue or a dead instance) is picked up again by the re-drive.
 */
public final class InFlightEvents {

    private final Set<Long> seqs = ConcurrentHashMap.newKeySet();

    /** Returns false if the event was already being worked on (the caller must then leave it alone). */
    public boolean claim(long seq) {
        return seqs.add(seq);
    }

    public void remove(long seq) {
        seqs.remove(seq);
    }

    public boolean contains(long seq) {
        return seqs.contains(seq);
    }

    public int size() {
        return seqs.size();
    }
}
