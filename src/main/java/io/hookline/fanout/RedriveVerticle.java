package io.hookline.fanout;

import io.hookline.bus.Addresses;
import io.hookline.delivery.DeliveryBudget;
import io.hookline.event.AcceptedEvent;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.InFlightEvents;
import io.hookline.store.InstanceLease;
import io.hookline.store.Journal;
import io.hookline.store.PassFailures;
import io.hookline.store.PendingWork;
import io.hookline.store.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back what waits in {@code pending_events}: deliveries deferred because a webhook's queue was full, events
 * unfinished for a while, and the work of instances that stopped or whose heartbeat is older than the lease (taken
 * over here, so recovery never waits for a dead instance to return). Each event goes to the event loop that owns
 * its sequence number; webhooks that already have an attempt for it are not sent it again.
 */
public final class RedriveVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RedriveVerticle.class);
    private final PassFailures failures = new PassFailures(LOG, "Re-drive cycle");
    private static final long INTERVAL_MS = 1000;
    private static final int BATCH = 1000;

    private final Pool pool;
    private final InstanceLease lease;
    private final InFlightEvents inFlight;
    private final DeliveryBudget budget;
    private final long leaseMs;
    private final int slots;
    private final BooleanSupplier accepting;
    private final HooklineMetrics metrics;
    private long timer;
    private boolean running;
    /**
     * The last pass brought back a full batch and some of it could go somewhere: there is probably more that can,
     * so the next pass starts right away. A full batch of which nothing could go (every webhook it waits for has a
     * full queue) waits for the next tick instead: walking a large backlog again and again while its receiver is
     * slow would only burn the CPU that the healthy webhooks need.
     */
    private boolean lastPassFull;

    private long cursor;

    public RedriveVerticle(
            Pool pool,
            InstanceLease lease,
            InFlightEvents inFlight,
            DeliveryBudget budget,
            long leaseMs,
            int slots,
            BooleanSupplier accepting,
            HooklineMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.lease = lease;
        this.inFlight = inFlight;
        this.budget = budget;
        this.leaseMs = leaseMs;
        this.slots = slots;
        this.accepting = accepting;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(INTERVAL_MS, id -> pass());
        return Future.succeededFuture();
    }

    private void pass() {
        if (running || !accepting.getAsBoolean() || !budget.hasRoom()) {
            return; // when the lanes are full enough, what is pending waits in PostgreSQL
        }
        running = true;
        cycle().onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                failures.failed(ar.cause());
                return;
            }
            failures.succeeded();
            if (lastPassFull) {
                vertx.runOnContext(v -> pass());
            }
        });
    }

    /**
     * One pass: take over the work of gone instances, then bring back what is due. Yields how many of the events it
     * brought back made progress (went to a lane, or were finished). Visible for tests.
     */
    public Future<Integer> cycle() {
        return takeOver()
                .compose(v -> PendingWork.due(pool, lease.id(), cursor, BATCH))
                .compose(due -> {
                    // walk the pending set in slices, so events of webhooks with room are not stuck behind older events
                    // of
                    // webhooks without
                    List<Long> claimed = new ArrayList<>();
                    long last = 0;
                    for (Row row : due) {
                        last = row.getLong("seq");
                        if (inFlight.claim(last)) {
                            claimed.add(last);
                        }
                    }
                    cursor = due.size() < BATCH ? 0 : last;
                    boolean full = due.size() >= BATCH;
                    if (claimed.isEmpty()) {
                        lastPassFull = full;
                        return Future.succeededFuture(0);
                    }
                    lastPassFull = false; // until the slots say whether any of it could go
                    return Journal.loadForRedrive(pool, claimed.toArray(Long[]::new))
                            .onFailure(err -> claimed.forEach(inFlight::remove))
                            .compose(rows -> dispatch(claimed, rows))
                            .onSuccess(progress -> {
                                lastPassFull = full && progress > 0;
                                metrics.redriven(progress, claimed.size() - progress);
                            });
                });
    }

    private Future<Void> takeOver() {
        return lease.gone(leaseMs, lease.mayJudgeOthers(leaseMs)).compose(gone -> {
            Future<Void> chain = Future.succeededFuture();
            for (InstanceLease.Gone instance : gone) {
                chain = chain.compose(v -> lease.inherit(instance).map(taken -> {
                    if (taken >= 0) {
                        LOG.info("Took over the work of instance {} ({} pending events)", instance.id(), taken);
                    }
                    return null;
                }));
            }
            return chain;
        });
    }

    /** Sends each slot its share; yields how many events made progress, as the slots report. */
    private Future<Integer> dispatch(List<Long> claimed, RowSet<Row> rows) {
        List<List<RedriveBatch.Item>> bySlot = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            bySlot.add(new ArrayList<>());
        }
        Set<Long> found = new HashSet<>();
        for (Row row : rows) {
            long seq = row.getLong("seq");
            found.add(seq);
            AcceptedEvent event = StoredEvent.from(row);
            if (event == null) {
                LOG.error(
                        "Pending event {} can no longer be read; it is set aside (skip reason unreadable_event)", seq);
            }
            Set<UUID> attempted = new HashSet<>(List.of(row.getArrayOfUUIDs("attempted")));
            UUID[] owed = row.getArrayOfUUIDs("owed");
            bySlot.get(slotOf(seq))
                    .add(new RedriveBatch.Item(seq, event, attempted, owed == null ? null : Set.of(owed)));
        }
        // pending rows whose event is gone (purged by retention) have nothing left to do
        for (long seq : claimed) {
            if (!found.contains(seq)) {
                bySlot.get(slotOf(seq)).add(new RedriveBatch.Item(seq, null, Set.of(), null));
            }
        }
        List<Future<Integer>> progress = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            if (!bySlot.get(i).isEmpty()) {
                // a slot that stopped taking batches (shutting down) made no progress
                progress.add(vertx.eventBus()
                        .<Integer>request(Addresses.redrive(i), new RedriveBatch(bySlot.get(i)))
                        .map(reply -> reply.body())
                        .otherwise(0));
            }
        }
        return Future.all(progress)
                .map(all -> progress.stream().mapToInt(Future::result).sum());
    }

    private int slotOf(long seq) {
        return (int) Math.floorMod(seq, (long) slots);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
