package io.hookline.ingest;

import io.hookline.event.IngestEvent;
import io.hookline.fanout.EventRules.Decision;
import io.vertx.core.Promise;
import java.util.Map;

/** One event waiting for the group commit, plus what the reaction step of the current write found out. */
final class JournalEntry {

  final IngestEvent event;
  final String eventId;
  final String body;
  final Decision decision;
  final String skipReason;
  final Promise<EventJournal.Outcome> promise;
  /** When the producer must have its answer by: a 503 if the event is still waiting for a write then. */
  final long deadlineNanos;

  boolean synced;
  boolean knownDuplicate;
  Map<String, String> reactionsAfter;

  JournalEntry(IngestEvent event, String eventId, String body, Decision decision, String skipReason,
               Promise<EventJournal.Outcome> promise, long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    this.event = event;
    this.eventId = eventId;
    this.body = body;
    this.decision = decision;
    this.skipReason = skipReason;
    this.promise = promise;
  }

  IngestEvent event() {
    return event;
  }

  String key() {
    return JournalBatch.key(event.workspaceId(), eventId);
  }

  String uidKey() {
    return JournalBatch.key(event.workspaceId(), event.messageUid());
  }
}
