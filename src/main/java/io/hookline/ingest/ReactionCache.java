package io.hookline.ingest;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reaction states the journals last saved, by message key, exactly as the text they saved, so that the next write
 * about those messages can compute the new states without first reading (and locking) them in a round trip of its
 * own. Only a hint: a write saves a state only if the row still holds the text remembered here, and otherwise reads
 * the current one under the row lock (another instance, or a write of another event loop that overlapped, may have
 * changed it). Shared by the slots' journals; thread-safe. Beyond {@link #MAX_ENTRIES} it starts over empty (the hot
 * messages are back after their next write).
 */
public final class ReactionCache {

    /** About 1 KB a state for a message with a few dozen reactors: a few MB at most. */
    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<String, String> states = new ConcurrentHashMap<>();

    /** The state last saved for the message, or null when it is not known here. */
    String get(String messageKey) {
        return states.get(messageKey);
    }

    /** The states a committed write saved. */
    void saved(Map<String, String> byKey) {
        if (states.size() + byKey.size() > MAX_ENTRIES) {
            states.clear();
        }
        states.putAll(byKey);
    }

    /** A write about these messages failed: whether it committed is unknown, so what it would have saved is too. */
    void forget(Collection<String> messageKeys) {
        messageKeys.forEach(states::remove);
    }
}
