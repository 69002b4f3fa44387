package io.hookline.ingest;

import io.hookline.event.EventKind;
import io.hookline.event.ReactionData;
import io.hookline.event.ReactionState;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reaction step of one journal write: which messages to lock, which reactions apply (their message is synced
 * and they are not a producer's retry), the reactions applied in batch (= arrival) order, and the states to save.
 */
final class BatchReactions {

    /** The batch's entries without in-batch duplicates, in arrival order. */
    private final List<JournalEntry> unique;
    /** The reactions among them. */
    private final List<JournalEntry> reactions;
    /** See {@link #saving()}. */
    private Map<String, String> saving = Map.of();

    BatchReactions(List<JournalEntry> unique, List<JournalEntry> reactions) {
        this.unique = unique;
        this.reactions = reactions;
    }

    /** Before a (re)try: what the last try found out is recomputed, but the duplicates it learnt are kept. */
    BatchReactions reset() {
        saving = Map.of();
        reactions.forEach(e -> {
            e.synced = false;
            e.reactionsAfter = null;
        });
        return this;
    }

    /**
     * The messages the batch's reactions are about, for {@code ReactionStates.lockForBatch}: workspace ids, message
     * uids, and whether the batch brings the message (or call) before one of its reactions.
     */
    Tuple lockTuple() {
        Map<String, Boolean> afterMessage = new LinkedHashMap<>();
        Map<String, String[]> parts = new HashMap<>();
        Set<String> brought = new HashSet<>();
        for (JournalEntry entry : unique) {
            if (entry.event.kind() != EventKind.REACTION) {
                brought.add(entry.uidKey());
                continue;
            }
            afterMessage.merge(entry.uidKey(), brought.contains(entry.uidKey()), Boolean::logicalOr);
            parts.putIfAbsent(entry.uidKey(), new String[] {entry.event.workspaceId(), entry.event.messageUid()});
        }
        String[] ws = new String[afterMessage.size()];
        String[] uids = new String[ws.length];
        Boolean[] after = new Boolean[ws.length];
        int i = 0;
        for (Map.Entry<String, Boolean> key : afterMessage.entrySet()) {
            ws[i] = parts.get(key.getKey())[0];
            uids[i] = parts.get(key.getKey())[1];
            after[i++] = key.getValue();
        }
        return Tuple.wrap(new Object[] {ws, uids, after});
    }

    /**
     * A reaction's message is synced if the journal knows it ({@code in_journal} of the lock's rows) or it came
     * earlier in this batch.
     */
    void markSynced(RowSet<Row> lockRows) {
        Set<String> synced = new HashSet<>();
        for (Row row : lockRows) {
            if (row.getBoolean("in_journal")) {
                synced.add(JournalBatch.key(row.getString("workspace_id"), row.getString("message_uid")));
            }
        }
        for (JournalEntry entry : unique) {
            if (entry.event.kind() == EventKind.REACTION) {
                entry.synced = synced.contains(entry.uidKey());
            } else {
                synced.add(entry.uidKey());
            }
        }
    }

    /** Applies the batch's reactions in order to the states the lock returned; returns the new state per message key. */
    Map<String, String> applyReactions(RowSet<Row> lockRows) {
        Map<String, String> locked = new HashMap<>();
        for (Row row : lockRows) {
            String state = row.getString("state");
            if (state != null) { // locked: some reaction of the batch applies to it
                locked.put(JournalBatch.key(row.getString("workspace_id"), row.getString("message_uid")), state);
            }
        }
        return applyReactions(locked);
    }

    /**
     * The state saved last for every message the batch's reactions are about, or null when the cache lacks one. A
     * message with a saved state is synced, so every reaction of such a batch is.
     */
    Map<String, String> cachedStates(ReactionCache cache) {
        Map<String, String> known = new HashMap<>();
        for (JournalEntry e : reactions) {
            String state = cache.get(e.uidKey());
            if (state == null) {
                return null;
            }
            known.put(e.uidKey(), state);
        }
        for (JournalEntry e : reactions) {
            e.synced = true;
        }
        return known;
    }

    /** The messages the batch's reactions are about. */
    Set<String> messageKeys() {
        Set<String> keys = new HashSet<>();
        reactions.forEach(e -> keys.add(e.uidKey()));
        return keys;
    }

    /**
     * Applies the batch's synced reactions in order to {@code stateTexts} (message key → saved state); returns the new
     * state per message key.
     */
    Map<String, String> applyReactions(Map<String, String> stateTexts) {
        Map<String, ReactionState> states = new HashMap<>();
        stateTexts.forEach((key, text) -> states.put(key, ReactionState.fromJson(text)));
        for (JournalEntry e : reactions) {
            if (!e.synced || e.knownDuplicate) {
                continue;
            }
            ReactionState state = states.get(e.uidKey());
            ReactionData reaction = e.event.reaction();
            state.apply(reaction);
            e.reactionsAfter = reaction.givenReactions() != null
                    ? ReactionState.asStrings(reaction.givenReactions())
                    : state.aggregate();
        }
        Map<String, String> result = new LinkedHashMap<>();
        states.forEach((k, state) -> result.put(k, state.toJson()));
        saving = result;
        return result;
    }

    /** The states the last {@link #applyReactions} computed: what the write saves if it commits. */
    Map<String, String> saving() {
        return saving;
    }

    static Tuple stateTuple(Map<String, String> newStates) {
        List<String> ws = new ArrayList<>();
        List<String> uids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        newStates.forEach((k, state) -> {
            int split = k.indexOf('\u0000');
            ws.add(k.substring(0, split));
            uids.add(k.substring(split + 1));
            states.add(state);
        });
        return Tuple.of(ws.toArray(String[]::new), uids.toArray(String[]::new), states.toArray(String[]::new));
    }

    /**
     * Marks the reactions the insert left out (their producer id was taken) as duplicates; true if it found one not
     * known before, whose reaction the state of this try has wrongly applied.
     */
    boolean markDuplicates(RowSet<Row> inserted) {
        Set<String> keys = keys(inserted, "id");
        boolean found = false;
        for (JournalEntry e : reactions) {
            if (!e.knownDuplicate && !keys.contains(e.key())) {
                e.knownDuplicate = true;
                found = true;
            }
        }
        return found;
    }

    private static Set<String> keys(RowSet<Row> rows, String column) {
        Set<String> keys = new HashSet<>();
        for (Row row : rows) {
            keys.add(JournalBatch.key(row.getString("workspace_id"), row.getString(column)));
        }
        return keys;
    }
}
