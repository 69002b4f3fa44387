package io.hookline.ingest;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventKind;
import io.hookline.event.IngestEvent;
import io.hookline.fanout.EventRules;
import io.hookline.fanout.EventRules.Decision;
import io.hookline.http.ApiException;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.InFlightEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for ingest: events from concurrent requests are queued and written by one multi-row insert, and
 * each request's future completes only once its row is committed. While a write is in flight new events
 * accumulate, so batches grow exactly as fast as the database is slow — no fixed delay on an idle system.
 *
 * <p>Reactions are applied to the reaction state inside the same transaction, under row locks taken before the
 * insert, so the journal order and the order reactions were applied in agree even across instances.
 *
 * <p>Confined to the event loop of the ingest verticle that owns it.
 */
public final class EventJournal {

  private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
  /** Concurrent writes per journal: one filling while one commits keeps the pipe full without piling up. */
  private static final int MAX_IN_FLIGHT = 2;
  private static final int MAX_RETRIES = 3;

  public enum Status { ACCEPTED, DUPLICATE }

  public record Outcome(String eventId, Status status) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final UUID instanceId;
  private final Clock clock;
  private final HooklineMetrics metrics;
  private final InFlightEvents inFlight;
  private final Consumer<List<AcceptedEvent>> onCommitted;
  private final int maxBatch;
  private final long timeoutMs;
  /** Events that may wait for a write; beyond that ingest answers 503 at once instead of piling up memory. */
  private final int maxQueued;
  private final ArrayDeque<JournalEntry> queue = new ArrayDeque<>();
  private int writesInFlight;
  private boolean scheduled;

  public EventJournal(Vertx vertx, Pool pool, UUID instanceId, Clock clock, InFlightEvents inFlight, int maxBatch, long timeoutMs, HooklineMetrics metrics,
                      Consumer<List<AcceptedEvent>> onCommitted) {
    this.clock = clock;
    this.metrics = metrics;
    this.vertx = vertx;
    this.pool = pool;
    this.instanceId = instanceId;
    this.inFlight = inFlight;
    this.maxBatch = maxBatch;
    this.timeoutMs = timeoutMs;
    this.maxQueued = Math.max(maxBatch * 20, 20_000);
    this.onCommitted = onCommitted;
  }

  /**
   * Queues a validated event; the future completes once it is committed (or found to be a duplicate), or fails
   * with a 503 {@link ApiException} when the database cannot take it.
   */
  public Future<Outcome> append(IngestEvent event, String eventId, String body) {
    // Whether a webhook wants it is decided after the commit, by fan-out: this instance's cache may not yet know
    // a webhook another instance just created.
    Decision decision = EventRules.decide(event);
    String skipReason = decision.skipReason();
    Promise<Outcome> promise = Promise.promise();
    if (queue.size() >= maxQueued) {
      promise.fail(new ApiException(503, "overloaded", "Too many events are waiting to be stored; retry shortly."));
      return promise.future();
    }
    queue.add(new JournalEntry(event, eventId, body, decision, skipReason, promise,
        System.nanoTime() + timeoutMs * 1_000_000L));
    if (!scheduled && writesInFlight < MAX_IN_FLIGHT) {
      scheduled = true;
      // Let the requests already read in this event-loop turn join the batch.
      vertx.runOnContext(v -> flush());
    }
    return promise.future();
  }

  /**
   * Answers 503 to events still waiting for a write past their deadline (writes can be slow to fail while the
   * database is unreachable, and nothing queued behind them may wait longer than the ingest timeout). Called
   * periodically; the queue is in arrival order, so the expired entries are at its head.
   */
  public void expireWaiting() {
    long now = System.nanoTime();
    while (!queue.isEmpty() && queue.peek().deadlineNanos - now < 0) {
      queue.poll().promise.tryFail(ApiException.unavailable(
          "The event store did not take the event in time; it was not accepted. Retry later."));
    }
  }

  public int queued() {
    return queue.size();
  }

  /** Nothing queued and nothing being written: every request has its answer. */
  public boolean idle() {
    return queue.isEmpty() && writesInFlight == 0;
  }

  private void flush() {
    scheduled = false;
    if (queue.isEmpty() || writesInFlight >= MAX_IN_FLIGHT) {
      return;
    }
    if (writesInFlight > 0 && nextBatchHasReactions()) {
      // A reaction must see every event that arrived before it committed (is its message synced? which reactions
      // came first?), so a write with reactions never overlaps another write. It starts when the other finishes.
      return;
    }
    List<JournalEntry> entries = new ArrayList<>(Math.min(queue.size(), maxBatch));
    while (!queue.isEmpty() && entries.size() < maxBatch) {
      entries.add(queue.poll());
    }
    JournalBatch batch = new JournalBatch(entries);
    writesInFlight++;
    // the answer is due by the oldest entry's deadline (entries are in arrival order)
    long dueInMs = Math.max(1, (entries.get(0).deadlineNanos - System.nanoTime()) / 1_000_000L);
    long timer = vertx.setTimer(dueInMs, id -> batch.failAll(
        ApiException.unavailable("The event store did not confirm the write in time; the event was not accepted.")));
    long started = System.nanoTime();
    write(batch, 0).onComplete(ar -> {
      vertx.cancelTimer(timer);
      writesInFlight--;
      metrics.journalWrite(entries.size(), System.nanoTime() - started);
      if (ar.succeeded()) {
        handOff(batch, ar.result());
      } else {
        LOG.warn("Journal write of {} events failed: {}", entries.size(), ar.cause().toString());
        batch.failAll(ApiException.unavailable("The event store is unavailable; the event was not accepted. "
            + "Retry later."));
      }
      if (!queue.isEmpty() && !scheduled) {
        scheduled = true;
        vertx.runOnContext(v -> flush());
      }
    });
    if (!queue.isEmpty() && writesInFlight < MAX_IN_FLIGHT && !scheduled) {
      scheduled = true;
      vertx.runOnContext(v -> flush());
    }
  }

  private boolean nextBatchHasReactions() {
    int seen = 0;
    for (JournalEntry entry : queue) {
      if (seen++ >= maxBatch) {
        return false;
      }
      if (isReaction(entry)) {
        return true;
      }
    }
    return false;
  }

  private Future<RowSet<Row>> write(JournalBatch batch, int attempt) {
    Future<RowSet<Row>> result = batch.hasStatefulReactions()
        ? pool.withTransaction(conn -> writeWithReactions(conn, batch))
        : insert(pool, batch);
    return result.recover(err -> err instanceof ConcurrentDuplicate && attempt < MAX_RETRIES
        ? write(batch.resetReactions(), attempt + 1) : Future.failedFuture(err));
  }

  private Future<RowSet<Row>> insert(SqlClient client, JournalBatch batch) {
    return client.preparedQuery(JournalSql.INSERT_EVENTS)
        .execute(batch.insertTuple(instanceId, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)));
  }

  /**
   * Sync check, lock, apply, insert, save — in one transaction. If another instance inserted one of our producer
   * ids between the duplicate check and the insert, the state we computed is wrong: roll back and redo.
   */
  private Future<RowSet<Row>> writeWithReactions(SqlClient conn, JournalBatch batch) {
    return conn.preparedQuery(JournalSql.SYNCED_UIDS).execute(batch.reactionUidTuple())
        .compose(synced -> {
          batch.markSynced(synced);
          return conn.preparedQuery(JournalSql.EXISTING_IDS).execute(batch.reactionIdTuple());
        })
        .compose(existing -> {
          batch.markKnownDuplicates(existing);
          Tuple keys = batch.lockKeysTuple();
          return keys == null ? Future.succeededFuture(null)
              : conn.preparedQuery(JournalSql.LOCK_REACTION_STATE).execute(keys);
        })
        .compose(states -> {
          Map<String, String> newStates = batch.applyReactions(states);
          return insert(conn, batch).compose(inserted -> {
            if (!batch.allReactionsInserted(inserted)) {
              return Future.failedFuture(new ConcurrentDuplicate());
            }
            return newStates.isEmpty() ? Future.succeededFuture(inserted)
                : conn.preparedQuery(JournalSql.SAVE_REACTION_STATE).execute(JournalBatch.stateTuple(newStates))
                    .map(inserted);
          });
        });
  }

  private void handOff(JournalBatch batch, RowSet<Row> inserted) {
    // the re-drive may already have claimed an event whose commit took long: then it is the re-drive's
    List<AcceptedEvent> accepted = batch.complete(inserted, metrics).stream().filter(e -> inFlight.claim(e.seq()))
        .toList();
    if (!accepted.isEmpty()) {
      onCommitted.accept(accepted);
    }
  }

  /** A producer id committed by someone else while our transaction was computing reaction state. */
  static final class ConcurrentDuplicate extends RuntimeException {
    ConcurrentDuplicate() {
      super("concurrent duplicate producer id", null, false, false);
    }
  }

  static boolean isReaction(JournalEntry entry) {
    return entry.event().kind() == EventKind.REACTION;
  }
}
