package io.hookline.delivery;

import io.hookline.fanout.EventRules;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.InFlightEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what deliveries produced — attempts, their request bodies, completed and skipped events — in batches:
 * everything buffered within a few milliseconds goes into one transaction. A batch that fails (database down)
 * is kept and retried, in order, until it is written; nothing is dropped.
 *
 * <p>An event leaves {@code pending_events} only in a transaction after the one holding its last attempt, so a
 * crash at any point leaves either the attempt or the pending row — never neither.
 *
 * <p>Confined to the context of the verticle that created it.
 */
public final class OutcomeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWriter.class);
  private static final long FLUSH_DELAY_MS = 3;
  private static final int MAX_BATCH = 2000;
  private static final long MAX_RETRY_DELAY_MS = 2000;
  /** Attempts buffered while the database is away; beyond this, lanes stop sending until it is back. */
  private static final int MAX_BACKLOG = 20_000;

  /** Extra bookkeeping for stored attempts (failure counting): runs in their transaction. */
  public interface Listener {
    /** Does nothing; for writers whose attempts need no further bookkeeping. */
    Listener NONE = (conn, attempts) -> Future.succeededFuture(null);

    /**
     * Runs inside the transaction that stores the attempts; the returned action (may be null) runs after that
     * transaction committed, on the writer's context.
     */
    Future<Runnable> inTransaction(SqlConnection conn, List<AttemptRecord> attempts);
  }

  private final Vertx vertx;
  private final Pool pool;
  private final InFlightEvents inFlight;
  private final Listener listener;
  private final HooklineMetrics metrics;
  private List<AttemptRecord> attempts = new ArrayList<>();
  private List<Long> completed = new ArrayList<>();
  private List<Long> skippedSeqs = new ArrayList<>();
  private List<String> skippedReasons = new ArrayList<>();
  private boolean writing;
  private WriteBatch inProgress;
  private List<Promise<Void>> barriers = new ArrayList<>();
  private boolean timerSet;
  private long retryDelayMs = 100;

  public OutcomeWriter(Vertx vertx, Pool pool, InFlightEvents inFlight, Listener listener, HooklineMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.pool = pool;
    this.inFlight = inFlight;
    this.listener = listener;
  }

  public void attempt(AttemptRecord attempt) {
    attempts.add(attempt);
    schedule();
  }

  /** The event needs nothing more: drop it from the pending work. */
  public void completed(long seq) {
    completed.add(seq);
    schedule();
  }

  /** The event turned out to have no receiver after all (e.g. its webhooks were disabled meanwhile). */
  public void skipped(long seq, String reason) {
    metrics.skipped(reason);
    skippedSeqs.add(seq);
    skippedReasons.add(reason);
    schedule();
  }

  /** A delivery that ends without an attempt (its webhook was deleted or disabled before it was sent). */
  public void dropped(EventTicket ticket) {
    switch (ticket.release()) {
      case COMPLETE -> {
        if (ticket.attempted()) {
          completed(ticket.seq());
        } else {
          skipped(ticket.seq(), EventRules.WEBHOOK_DISABLED);
        }
      }
      case DEFERRED -> inFlight.remove(ticket.seq());
      case OPEN -> { }
    }
  }

  /** Completes once everything handed to this writer so far is committed. */
  public Future<Void> barrier() {
    Promise<Void> promise = Promise.promise();
    if (backlog() > 0) {
      barriers.add(promise);
      schedule();
    } else if (inProgress != null) {
      inProgress.barriers.add(promise);
    } else {
      promise.complete();
    }
    return promise.future();
  }

  /** Outcomes buffered or being written; a bound for back-pressure. */
  public int backlog() {
    return attempts.size() + completed.size() + skippedSeqs.size();
  }

  /** True when so many outcomes wait to be written that no more deliveries should be made. */
  public boolean saturated() {
    return backlog() + (inProgress == null ? 0 : inProgress.attempts.size()) >= MAX_BACKLOG;
  }

  public boolean idle() {
    return !writing && backlog() == 0;
  }

  /**
   * Completes when everything buffered is written, or fails once {@code deadlineNanos} passes (at shutdown: what is
   * not written by then is finished by the next start, from the pending events).
   */
  public Future<Void> drain(long deadlineNanos) {
    if (idle()) {
      return Future.succeededFuture();
    }
    if (System.nanoTime() > deadlineNanos) {
      return Future.failedFuture("unwritten outcomes at the shutdown deadline: " + backlog());
    }
    return vertx.timer(20).compose(v -> drain(deadlineNanos));
  }

  private void schedule() {
    if (writing) {
      return;
    }
    if (backlog() >= MAX_BATCH) {
      write();
    } else if (!timerSet) {
      timerSet = true;
      vertx.setTimer(FLUSH_DELAY_MS, id -> {
        timerSet = false;
        if (!writing) {
          write();
        }
      });
    }
  }

  private void write() {
    if (backlog() == 0) {
      return;
    }
    WriteBatch batch = new WriteBatch(attempts, completed, skippedSeqs, skippedReasons, barriers,
        attempts.isEmpty() ? null : AttemptSql.payloadTuple(attempts));
    barriers = new ArrayList<>();
    inProgress = batch;
    attempts = new ArrayList<>();
    completed = new ArrayList<>();
    skippedSeqs = new ArrayList<>();
    skippedReasons = new ArrayList<>();
    writing = true;
    persist(batch).onComplete(ar -> {
      writing = false;
      inProgress = null;
      batch.barriers.forEach(Promise::tryComplete);
      schedule();
    });
  }

  /**
   * Stores a batch; never fails. Outages are retried, in order, until the database is back. A batch the database
   * refuses for its content (a data or constraint error, which no retry can fix) is split and stored row by row,
   * so one bad row cannot hold up every other outcome of this writer.
   */
  private Future<Void> persist(WriteBatch batch) {
    return pool.withTransaction(conn -> store(conn, batch))
        .map(v -> {
          retryDelayMs = 100;
          afterCommit(batch);
          return (Void) null;
        })
        .recover(err -> {
          if (refusedForItsData(err)) {
            if (batch.size() > 1) {
              LOG.warn("PostgreSQL refused a batch of {} outcomes ({}); storing them one by one", batch.size(),
                  err.toString());
              return persistEach(batch.split(), 0);
            }
            LOG.error("PostgreSQL refuses to store {} ({}); leaving that row out", batch.describe(), err.toString());
            afterCommit(batch);
            return Future.succeededFuture();
          }
          LOG.warn("Storing {} attempts failed, retrying in {} ms: {}", batch.attempts.size(), retryDelayMs,
              err.toString());
          long delay = retryDelayMs;
          retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2);
          return vertx.timer(delay).compose(v -> persist(batch));
        });
  }

  private Future<Void> persistEach(List<WriteBatch> parts, int index) {
    return index == parts.size() ? Future.succeededFuture()
        : persist(parts.get(index)).compose(v -> persistEach(parts, index + 1));
  }

  /** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the same rows will never be accepted. */
  static boolean refusedForItsData(Throwable err) {
    return err instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  private Future<Void> store(SqlConnection conn, WriteBatch batch) {
    batch.afterCommit = null;
    Future<?> chain = Future.succeededFuture();
    if (batch.payloads != null) {
      chain = chain.compose(v -> conn.preparedQuery(AttemptSql.INSERT_PAYLOADS).execute(batch.payloads));
    }
    if (!batch.attempts.isEmpty()) {
      Tuple tuple = batch.attemptTuple();
      chain = chain.compose(v -> conn.preparedQuery(AttemptSql.INSERT_ATTEMPTS).execute(tuple))
          .compose(v -> listener.inTransaction(conn, batch.attempts))
          .onSuccess(after -> batch.afterCommit = after);
    }
    if (!batch.completed.isEmpty()) {
      Tuple tuple = Tuple.of(batch.completed.toArray(Long[]::new));
      chain = chain.compose(v -> conn.preparedQuery(AttemptSql.COMPLETE_EVENTS).execute(tuple));
    }
    if (!batch.skippedSeqs.isEmpty()) {
      Tuple tuple = AttemptSql.skipTuple(batch.skippedSeqs, batch.skippedReasons);
      chain = chain.compose(v -> conn.preparedQuery(AttemptSql.SKIP_EVENTS).execute(tuple));
    }
    return chain.mapEmpty();
  }

  private void afterCommit(WriteBatch batch) {
    batch.completed.forEach(inFlight::remove);
    batch.skippedSeqs.forEach(inFlight::remove);
    for (AttemptRecord attempt : batch.attempts) {
      EventTicket ticket = attempt.ticket();
      if (ticket != null) {
        ticket.markAttempted();
        dropped(ticket);
      }
    }
    if (batch.afterCommit != null) {
      batch.afterCommit.run();
    }
  }

  /** One transaction's worth; the request bodies to store are claimed once, so a retry stores the same ones. */
  private static final class WriteBatch {
    final List<AttemptRecord> attempts;
    final List<Long> completed;
    final List<Long> skippedSeqs;
    final List<String> skippedReasons;
    final Tuple payloads;
    final List<Promise<Void>> barriers;
    Runnable afterCommit;
    private Tuple attemptTuple;

    WriteBatch(List<AttemptRecord> attempts, List<Long> completed, List<Long> skippedSeqs,
               List<String> skippedReasons, List<Promise<Void>> barriers, Tuple payloads) {
      this.barriers = barriers;
      this.attempts = attempts;
      this.completed = completed;
      this.skippedSeqs = skippedSeqs;
      this.skippedReasons = skippedReasons;
      this.payloads = payloads;
    }

    int size() {
      return attempts.size() + completed.size() + skippedSeqs.size();
    }

    /** One part per attempt (with its request body, in case this batch had claimed it) and one for the rest. */
    List<WriteBatch> split() {
      List<WriteBatch> parts = new ArrayList<>();
      for (AttemptRecord attempt : attempts) {
        parts.add(new WriteBatch(List.of(attempt), List.of(), List.of(), List.of(), new ArrayList<>(),
            AttemptSql.payloadTupleOf(List.of(attempt))));
      }
      if (!completed.isEmpty() || !skippedSeqs.isEmpty()) {
        parts.add(new WriteBatch(List.of(), completed, skippedSeqs, skippedReasons, new ArrayList<>(), null));
      }
      return parts;
    }

    String describe() {
      if (attempts.isEmpty()) {
        return "the completion of events " + completed + skippedSeqs;
      }
      AttemptRecord a = attempts.get(0);
      return "the attempt of webhook " + a.webhookId() + " for event " + a.payload().eventId();
    }

    Tuple attemptTuple() {
      if (attemptTuple == null) {
        attemptTuple = AttemptSql.attemptTuple(attempts);
      }
      return attemptTuple;
    }
  }
}
