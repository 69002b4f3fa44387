package io.hookline.ingest;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reaction states the journals last saved, by message key, exactly as the text they saved, so that the next write
 * about those messages can compute the new states without first reading (and locking) them in a round trip of its
 * own. Only a hint: a write saves a state only if the row still holds the text remembered here, and otherwise reads
 * the current one under the row lock (another instance, or a write of another event loop that overlapped, may have
 * changed it). Shared by the slots' journals; thread-safe.
 *
 * <p>Bounded in entries and in characters: a state grows with its message's reactors, and a few hundred messages of
 * big groups would otherwise hold tens of megabytes. When a write's states would take it past either bound it starts
 * over empty (the hot messages are back after their next write), so it holds at most one write's states beyond
 * them; a state above {@link #MAX_STATE_CHARS} is never kept, its writes read it instead.
 */
public final class ReactionCache {

    /** About 1 KB a state for a message with a few dozen reactors. */
    static final int MAX_ENTRIES = 4096;
    /** All states together: 4 M characters, at most 8 MB of strings. */
    static final long MAX_CHARS = 4L << 20;
    /** One state: about 2,000 reactors. */
    static final int MAX_STATE_CHARS = 64 * 1024;

    private final ConcurrentHashMap<String, String> states = new ConcurrentHashMap<>();
    private long chars; // guarded by this; reads of states stay lock-free

    /** The state last saved for the message, or null when it is not known here. */
    String get(String messageKey) {
        return states.get(messageKey);
    }

    /** The states a committed write saved. */
    synchronized void saved(Map<String, String> byKey) {
        long growth = 0;
        for (Map.Entry<String, String> e : byKey.entrySet()) {
            String old = states.get(e.getKey());
            growth += kept(e.getValue()) - (old == null ? 0 : old.length());
        }
        if (states.size() + byKey.size() > MAX_ENTRIES || chars + growth > MAX_CHARS) {
            states.clear();
            chars = 0;
        }
        byKey.forEach((key, state) -> {
            String old = kept(state) == 0 ? states.remove(key) : states.put(key, state);
            chars += kept(state) - (old == null ? 0 : old.length());
        });
    }

    /** The characters {@code state} takes here: none when it is too big to keep. */
    private static int kept(String state) {
        return state.length() > MAX_STATE_CHARS ? 0 : state.length();
    }

    /** A write about these messages failed: whether it committed is unknown, so what it would have saved is too. */
    synchronized void forget(Collection<String> messageKeys) {
        for (String key : messageKeys) {
            String old = states.remove(key);
            chars -= old == null ? 0 : old.length();
        }
    }

    /** Characters held, for the bound's test. */
    synchronized long chars() {
        return chars;
    }
}
