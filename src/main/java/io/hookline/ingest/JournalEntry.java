package io.hookline.ingest;

import io.hookline.event.EventKind;
import io.hookline.event.EventRules.Decision;
import io.hookline.event.IngestEvent;
import io.hookline.tracing.TraceParent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/** One event waiting for the group commit, plus what the reaction step of the current write found out. */
final class JournalEntry {

    final IngestEvent event;
    final String eventId;
    /** The producer's JSON text of this event, the exact bytes stored and read back. */
    final Buffer body;

    final Decision decision;
    final Promise<EventJournal.Outcome> promise;
    /** When the producer must have its answer by: a 503 if the event is still waiting for a write then. */
    final long deadlineNanos;
    /** The span of the request that brought it; null while tracing is off. */
    final TraceParent trace;

    private String uidKey;

    /** The workspace's webhooks when this entry's write was sent (see {@link CommitListener}). */
    List<WebhookRef> webhooks = List.of();

    boolean synced;
    boolean knownDuplicate;
    Map<String, String> reactionsAfter;

    JournalEntry(
            IngestEvent event,
            String eventId,
            Buffer body,
            Decision decision,
            Promise<EventJournal.Outcome> promise,
            long deadlineNanos,
            TraceParent trace) {
        this.deadlineNanos = deadlineNanos;
        this.trace = trace;
        this.event = event;
        this.eventId = eventId;
        this.body = body;
        this.decision = decision;
        this.promise = promise;
    }

    boolean isReaction() {
        return event.kind() == EventKind.REACTION;
    }

    String key() {
        return JournalBatch.key(event.workspaceId(), eventId);
    }

    /** The message this event is about, in its workspace: reactions to one message are kept in order by it. */
    String uidKey() {
        if (uidKey == null) {
            uidKey = JournalBatch.key(event.workspaceId(), event.messageUid());
        }
        return uidKey;
    }
}
