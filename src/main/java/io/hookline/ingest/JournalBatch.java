package io.hookline.ingest;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventKind;
import io.hookline.event.SkipReason;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.Backends;
import io.hookline.store.Journal;
import io.hookline.tracing.TraceParent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of one group-commit write. Within a batch the first occurrence of a producer id wins and later
 * ones are duplicates of it; reactions are applied in batch (= arrival) order.
 */
final class JournalBatch {

    private final List<JournalEntry> entries;
    private final List<JournalEntry> unique = new ArrayList<>();
    private final List<JournalEntry> followers = new ArrayList<>();
    private final List<JournalEntry> reactions = new ArrayList<>();
    private final BatchReactions reactionStep = new BatchReactions(unique, reactions);
    /**
     * The PostgreSQL backend this batch's write was last sent on; null while it has no connection: a write whose
     * connection broke before it had one cannot have been stored ({@link UnansweredWrites}).
     */
    Backends.Backend backend;

    JournalBatch(List<JournalEntry> entries) {
        this.entries = entries;
        Set<String> seen = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (seen.add(entry.key())) {
                unique.add(entry);
                if (entry.event.kind() == EventKind.REACTION) {
                    reactions.add(entry);
                }
            } else {
                followers.add(entry);
            }
        }
    }

    /** Every entry, in arrival order. */
    List<JournalEntry> entries() {
        return entries;
    }

    int size() {
        return entries.size();
    }

    /** Notes the backend of {@code conn} as the one this batch is written on; returns {@code conn}. */
    <C extends SqlConnection> C on(C conn) {
        backend = Backends.of(conn);
        return conn;
    }

    /** The entries the write inserts: the first of each producer id. */
    List<JournalEntry> written() {
        return unique;
    }

    /**
     * The first half of the producer ids and the rest, to find the one entry a write fails for. A repeat of a producer
     * id stays with its first occurrence (review): in the other half it was written as an event of its own, and once
     * the lookup of a write whose answer was lost ({@link UnansweredWrites}) took the first occurrence's row for its.
     */
    List<JournalBatch> halves() {
        Set<String> firstHalf = new HashSet<>();
        unique.subList(0, unique.size() / 2).forEach(e -> firstHalf.add(e.key()));
        List<JournalEntry> first = new ArrayList<>();
        List<JournalEntry> rest = new ArrayList<>();
        entries.forEach(e -> (firstHalf.contains(e.key()) ? first : rest).add(e));
        return List.of(new JournalBatch(first), new JournalBatch(rest));
    }

    static String key(String workspaceId, String value) {
        return workspaceId + '\u0000' + value;
    }

    boolean hasStatefulReactions() {
        return !reactions.isEmpty();
    }

    /** The reaction step of this write; see {@link BatchReactions}. */
    BatchReactions reactions() {
        return reactionStep;
    }

    Tuple insertTuple(int owner, OffsetDateTime receivedAt) {
        int n = unique.size();
        String[] ws = new String[n];
        String[] ids = new String[n];
        String[] kinds = new String[n];
        String[] fires = new String[n];
        String[] uids = new String[n];
        String[] skips = new String[n];
        String[] reactionJson = new String[n];
        Buffer[] bodies = new Buffer[n];
        for (int i = 0; i < n; i++) {
            JournalEntry e = unique.get(i);
            ws[i] = e.event.workspaceId();
            ids[i] = e.eventId;
            kinds[i] = e.event.kind().wire();
            uids[i] = e.event.messageUid();
            bodies[i] = e.body;
            boolean unsynced = e.event.kind() == EventKind.REACTION && !e.synced;
            WebhookEventType base = unsynced ? null : e.decision.baseType();
            fires[i] = base == null ? null : base.wire();
            SkipReason skip = unsynced ? SkipReason.MESSAGE_NOT_SYNCED : e.decision.skipReason();
            skips[i] = skip == null ? null : skip.wire();
            reactionJson[i] =
                    e.reactionsAfter == null ? null : new JsonObject(new LinkedHashMap<>(e.reactionsAfter)).encode();
        }
        return Tuple.of(ws, ids, kinds, fires, uids, skips, reactionJson, bodies)
                .addOffsetDateTime(receivedAt)
                .addInteger(owner);
    }

    /**
     * {@link #insertTuple} followed by the new states ($11..$13) and how many rows carry an applied reaction ($14),
     * for {@code Journal.insertSavingStates}.
     */
    Tuple insertSavingTuple(int owner, OffsetDateTime receivedAt, Map<String, String> newStates) {
        Tuple tuple = insertTuple(owner, receivedAt);
        Tuple states = BatchReactions.stateTuple(newStates);
        for (int i = 0; i < states.size(); i++) {
            tuple.addValue(states.getValue(i));
        }
        return tuple.addInteger(
                (int) unique.stream().filter(e -> e.reactionsAfter != null).count());
    }

    /**
     * {@link #insertSavingTuple} followed by the state each new state was computed from ($15, in the same order), for
     * {@code Journal.insertIfStatesUnchanged}.
     */
    Tuple insertCheckingTuple(
            int owner, OffsetDateTime receivedAt, Map<String, String> newStates, Map<String, String> computedFrom) {
        String[] expected = newStates.keySet().stream().map(computedFrom::get).toArray(String[]::new);
        return insertSavingTuple(owner, receivedAt, newStates).addValue(expected);
    }

    /** Notes each entry's workspace's webhooks, just before the write is sent. */
    void noteWebhooks(CommitListener listener) {
        for (JournalEntry e : unique) {
            e.webhooks = listener.webhooksOf(e.event.workspaceId());
        }
    }

    /**
     * Answers every request of the batch; returns the committed events that fan-out must handle, each traced under its
     * request and linked to {@code commit} (the write's span; null while tracing is off), and adds each one's noted
     * webhooks to {@code webhooks}.
     */
    List<AcceptedEvent> complete(
            RowSet<Row> inserted,
            OffsetDateTime receivedAt,
            HooklineMetrics metrics,
            TraceParent commit,
            List<List<WebhookRef>> webhooks) {
        Long[] seqs = seqsByEntry(inserted);
        List<AcceptedEvent> accepted = new ArrayList<>(unique.size());
        for (int i = 0; i < unique.size(); i++) {
            JournalEntry e = unique.get(i);
            if (seqs[i] == null) {
                e.promise.tryComplete(new EventJournal.Outcome(e.eventId, EventJournal.Status.DUPLICATE));
                continue;
            }
            e.promise.tryComplete(new EventJournal.Outcome(e.eventId, EventJournal.Status.ACCEPTED));
            boolean unsynced = e.event.kind() == EventKind.REACTION && !e.synced;
            if (unsynced || e.decision.skipped()) {
                metrics.skipped((unsynced ? SkipReason.MESSAGE_NOT_SYNCED : e.decision.skipReason()).wire());
            } else {
                accepted.add(new AcceptedEvent(
                        seqs[i],
                        e.eventId,
                        e.event,
                        e.decision.types(),
                        e.reactionsAfter == null ? Map.of() : e.reactionsAfter,
                        receivedAt,
                        e.trace == null ? null : e.trace.linkedTo(commit)));
                webhooks.add(e.webhooks);
            }
        }
        followers.forEach(
                e -> e.promise.tryComplete(new EventJournal.Outcome(e.eventId, EventJournal.Status.DUPLICATE)));
        return accepted;
    }

    /**
     * The sequence number of each unique entry, null for those left out as duplicates. RETURNING yields the rows in
     * insertion order, so one pass matches them; should it ever not, they are matched by key.
     */
    private Long[] seqsByEntry(RowSet<Row> inserted) {
        Long[] seqs = new Long[unique.size()];
        int i = 0;
        for (Row row : inserted) {
            String ws = row.getString(Journal.WORKSPACE_ID);
            String id = row.getString(Journal.ID);
            while (i < unique.size()
                    && !(unique.get(i).eventId.equals(id)
                            && unique.get(i).event.workspaceId().equals(ws))) {
                i++;
            }
            if (i == unique.size()) {
                return InsertedRows.seqsByKey(inserted, unique);
            }
            seqs[i++] = row.getLong(Journal.SEQ);
        }
        return seqs;
    }

    /** The highest sequence number the write returned, or 0. */
    static long highestSeq(RowSet<Row> inserted) {
        long max = 0;
        for (Row row : inserted) {
            max = Math.max(max, row.getLong(Journal.SEQ));
        }
        return max;
    }

    void failAll(ApiException error) {
        unique.forEach(e -> e.promise.tryFail(error));
        followers.forEach(e -> e.promise.tryFail(error));
    }
}
