package io.hookline.fanout;

import io.hookline.app.AppContext;
import io.hookline.delivery.OutcomeWriter;
import io.hookline.event.AcceptedEvent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes accepted events that are pending in PostgreSQL but not in memory: deliveries deferred because a
 * webhook's queue was full, work left by a crash, and the pending work of instances that stopped or whose
 * heartbeat is older than the lease (taken over here, so recovery never waits for a dead instance to return).
 * Webhooks that already have an attempt for the event are not sent it again.
 */
public final class RedriveVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RedriveVerticle.class);
  private static final long INTERVAL_MS = 1000;
  /** Younger pending rows may still be on their way from the journal to fan-out. */
  private static final int MIN_AGE_MS = 2000;
  private static final int BATCH = 1000;

  /** Stopped instances are gone for sure; silent ones only count as dead if $3 (we can judge heartbeats). */
  private static final String TAKE_OVER = """
      UPDATE pending_events SET instance_id = $1
      WHERE instance_id IN (SELECT id FROM instances WHERE id <> $1
                              AND (stopped_at IS NOT NULL
                                   OR ($3 AND heartbeat_at < now() - make_interval(secs => $2))))
      RETURNING seq""";
  private static final String DUE = """
      SELECT seq FROM pending_events
      WHERE instance_id = $1 AND created_at < now() - make_interval(secs => $2) AND seq > $4
      ORDER BY seq LIMIT $3""";
  private static final String LOAD = """
      SELECT e.seq, e.workspace_id, e.id, e.body, e.reactions, e.received_at,
             ARRAY(SELECT a.webhook_id FROM attempts a WHERE a.event_seq = e.seq AND NOT a.test) AS attempted
      FROM events e WHERE e.seq = ANY($1::bigint[])""";

  private final AppContext app;
  private OutcomeWriter writer;
  private long timer;
  private boolean running;
  /** The last pass re-drove a full batch: there is probably more, so the next pass starts right away. */
  private boolean lastPassFull;
  private long cursor;

  public RedriveVerticle(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    writer = new OutcomeWriter(vertx, app.pool(), app.inFlight(), app.attemptListener(), app.metrics());
    timer = vertx.setPeriodic(INTERVAL_MS, id -> pass());
    return Future.succeededFuture();
  }

  private void pass() {
    if (running || !app.accepting()) {
      return;
    }
    if (app.deliveryBudget().used() > app.config().maxQueuedDeliveries() / 2) {
      return; // the lanes are full enough; what is pending waits in PostgreSQL
    }
    running = true;
    cycle().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.warn("Re-drive cycle failed: {}", ar.cause().toString());
      } else if (lastPassFull) {
        vertx.runOnContext(v -> pass());
      }
    });
  }

  /** One pass: take over orphaned work, then re-dispatch what is due. Visible for tests. */
  public Future<Integer> cycle() {
    return app.pool().preparedQuery(TAKE_OVER)
        .execute(Tuple.of(app.instanceId(), app.config().instanceLeaseMs() / 1000.0, app.mayTakeOver()))
        .map(taken -> taken.rowCount())
        .compose(taken -> {
          if (taken > 0) {
            LOG.info("Took over {} pending events from stopped or unresponsive instances", taken);
          }
          return app.pool().preparedQuery(DUE).execute(Tuple.of(app.instanceId(), MIN_AGE_MS / 1000.0, BATCH, cursor));
        })
        .compose(due -> {
          // walk the pending set in slices, so events of webhooks with room are not stuck behind older events of
          // webhooks without
          long last = 0;
          for (Row row : due) {
            last = row.getLong("seq");
          }
          cursor = due.size() < BATCH ? 0 : last;
          List<Long> claimed = new ArrayList<>();
          for (Row row : due) {
            long seq = row.getLong("seq");
            if (app.inFlight().claim(seq)) {
              claimed.add(seq);
            }
          }
          if (claimed.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return app.pool().preparedQuery(LOAD).execute(Tuple.of(claimed.toArray(Long[]::new)))
              .map(rows -> redispatch(claimed, rows))
              .onFailure(err -> claimed.forEach(app.inFlight()::remove));
        });
  }

  private int redispatch(List<Long> claimed, RowSet<Row> rows) {
    Dispatcher dispatcher = new Dispatcher(vertx, app.deliveryPartitions());
    Set<Long> found = new HashSet<>();
    int deliveries = 0;
    int postponed = 0;
    for (Row row : rows) {
      long seq = row.getLong("seq");
      found.add(seq);
      AcceptedEvent event = StoredEvents.fromRow(row);
      if (event == null) {
        LOG.error("Pending event {} can no longer be read; marking it skipped", seq);
        writer.skipped(seq, "unreadable_event");
        continue;
      }
      if (event.types().isEmpty()) {
        writer.skipped(seq, EventRules.decide(event.event()).skipReason());
        continue;
      }
      Set<UUID> attempted = new HashSet<>(List.of(row.getArrayOfUUIDs("attempted")));
      List<WebhookRef> webhooks = new ArrayList<>();
      for (WebhookRef ref : app.subscriptions().matching(row.getString("workspace_id"), event.types())) {
        // webhooks created after the event was received do not get it
        if (!attempted.contains(ref.id()) && !ref.createdAt().isAfter(row.getOffsetDateTime("received_at"))) {
          webhooks.add(ref);
        }
      }
      if (webhooks.isEmpty()) {
        if (attempted.isEmpty()) {
          writer.skipped(seq, EventRules.NO_MATCHING_WEBHOOK);
        } else {
          writer.completed(seq);
        }
        continue;
      }
      // bring back only what the lanes have room for; the rest waits for a later pass
      List<WebhookRef> withRoom = webhooks.stream()
          .filter(w -> app.deliveryBudget().hasRoom(w.id(), app.config().queueCapacityPerWebhook())).toList();
      if (withRoom.isEmpty()) {
        app.inFlight().remove(seq);
        postponed++;
        continue;
      }
      dispatcher.add(DeliveryPlanner.plan(event, withRoom, withRoom.size() < webhooks.size()));
      deliveries += withRoom.size();
    }
    // pending rows whose event is gone (purged by retention) have nothing left to do
    claimed.stream().filter(seq -> !found.contains(seq)).forEach(writer::completed);
    dispatcher.send();
    if (deliveries > 0) {
      LOG.info("Re-drove {} deliveries of {} pending events ({} postponed: their webhooks' queues are full)",
          deliveries, claimed.size() - postponed, postponed);
    }
    lastPassFull = claimed.size() >= BATCH && postponed == 0;
    return deliveries;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return writer.drain(app.beginShutdown()).recover(err -> Future.succeededFuture());
  }
}
