package io.hookline.app;

import io.hookline.bus.Addresses;
import io.hookline.config.HooklineConfig;
import io.hookline.delivery.DeliverySlot;
import io.hookline.fanout.Fanout;
import io.hookline.fanout.RedriveBatch;
import io.hookline.fold.FoldSender;
import io.hookline.fold.FoldWriter;
import io.hookline.ingest.EventJournal;
import io.hookline.ingest.IngestListener;
import io.hookline.progress.EventTicket;
import io.hookline.progress.Ledger;
import io.hookline.store.Database;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the pipeline: its ingest listener, group-commit journal, fan-out, delivery lanes and
 * attempt writer, with their own database connections, all on this loop. An event is accepted, committed, fanned
 * out, sent and recorded without ever changing threads, and the loops share the load between them.
 */
final class SlotVerticle extends VerticleBase {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SlotVerticle.class);
    private static final long PARK_AFTER_NANOS = 2_000_000_000L;
    /** How long a stop waits for the rows of the events it parks. */
    private static final long PARK_WAIT_MS = 2_000;

    private static final long PARK_CHECK_MS = 500;

    private final int slot;
    private final Shared shared;
    private Pool pool;
    private Ledger ledger;
    private DeliverySlot delivery;
    private Fanout fanout;
    private FoldSender folds;
    private EventJournal journal;
    private IngestListener ingest;
    private MessageConsumer<RedriveBatch> redrive;
    private int ingestPort = -1;

    SlotVerticle(int slot, Shared shared) {
        this.slot = slot;
        this.shared = shared;
    }

    @Override
    public Future<?> start() {
        var config = shared.config();
        int poolSize = ConnectionBudget.perSlot(config.database().poolSize(), shared.slots());
        // one pool per event loop, created on it, so its connections live on this loop; the metrics add them up
        pool = Database.pool(vertx, shared.db(), poolSize, "hookline");
        ledger = new Ledger(slot, shared.progress());
        delivery = deliverySlot(config);
        shared.directSends().register(context, delivery);
        fanout = new Fanout(
                shared.subscriptions(),
                shared.webhooks(),
                ledger,
                delivery.lanes(),
                delivery.writer(),
                new FoldWriter(vertx, pool, delivery.writer()),
                shared.tracing());
        folds = new FoldSender(
                vertx, pool, shared.lease().id(), shared.subscriptions(), delivery.lanes(), shared.foldsInFlight());
        folds.start();
        journal = journal(config);
        ingest = new IngestListener(
                vertx,
                journal,
                shared.ingestTokens(),
                shared.workspaces(),
                shared.accepting(),
                shared.metrics(),
                shared.tracing());
        redrive = vertx.eventBus().consumer(Addresses.redrive(slot), msg -> msg.reply(redrive(msg.body())));
        vertx.setPeriodic(100, id -> journal.expireWaiting());
        vertx.setPeriodic(PARK_CHECK_MS, id -> parkOld());
        LOG.debug("Slot {} runs on {}", slot, Thread.currentThread().getName());
        return redrive.completion()
                .compose(v -> ingest.listen(
                        config.listeners().bindAddress(),
                        config.listeners().ingestPort(),
                        Duration.ofMillis(config.ingest().timeoutMs())))
                .onSuccess(server -> ingestPort = server.actualPort());
    }

    /**
     * Delivery for this loop; the per-webhook queue capacity is split between the slots, rounded up. The per-host
     * limit is not: one producer connection feeds one loop, so a share would cap a host far below the setting.
     */
    private DeliverySlot deliverySlot(HooklineConfig config) {
        int laneCapacity = (config.delivery().queueCapacityPerWebhook() + shared.slots() - 1) / shared.slots();
        return DeliverySlot.create(
                vertx,
                context,
                pool,
                shared.lease().id(),
                ledger,
                shared.inFlight(),
                shared.failurePolicy(),
                shared.subscriptions(),
                shared.webhooks(),
                shared.gates(),
                shared.budget(),
                shared.guard(),
                shared.metrics(),
                shared.clock(),
                new DeliverySlot.Settings(
                        config.delivery().timeoutMs(),
                        laneCapacity,
                        config.delivery().maxInFlightPerWebhook(),
                        config.delivery().maxConnectionsPerHost()),
                shared.tracing());
    }

    /** Group commit for this loop's ingest; committed events go straight to this loop's fan-out. */
    private EventJournal journal(HooklineConfig config) {
        return new EventJournal(
                vertx,
                pool,
                shared.lease().num(),
                shared.clock(),
                ledger,
                config.ingest().journalMaxBatch(),
                config.ingest().timeoutMs(),
                shared.metrics(),
                delivery.load()::backedUp,
                fanout,
                shared.tracing(),
                shared.reactionStates());
    }

    /** The port the ingest listener actually bound (differs from the configuration when it asks for port 0). */
    int ingestPort() {
        return ingestPort;
    }

    Router ingestRouter() {
        return ingest.router();
    }

    /** Events this slot holds in memory. */
    int eventsInMemory() {
        return ledger == null ? 0 : ledger.size();
    }

    /** Unfinished events older than a moment get a pending row, so they stop holding the watermark back. */
    private void parkOld() {
        for (EventTicket ticket : ledger.dueForParking(System.nanoTime(), PARK_AFTER_NANOS)) {
            delivery.writer().park(ticket);
        }
    }

    /** Yields how many of the batch's events made progress (the re-drive paces itself by it). */
    private int redrive(RedriveBatch batch) {
        int progress = 0;
        for (RedriveBatch.Item item : batch.items()) {
            if (item.event() == null) {
                fanout.unreadable(item.seq());
                progress++;
            } else if (fanout.redrive(item.event(), item.attempted(), item.owed())) {
                progress++;
            }
        }
        return progress;
    }

    // ---- shutdown steps, each run on this slot's event loop (see Shutdown) ----

    /** Ingest: new events already get 503; the ones being committed get their answer, until the deadline. */
    Future<Void> finishIngest(long deadlineNanos) {
        return onContext(() -> until(journal::idle, deadlineNanos).compose(v -> ingest.close()));
    }

    Future<Void> stopSending() {
        return onContext(() -> {
            redrive.unregister();
            folds.stopClaiming();
            delivery.stopSending();
            return Future.succeededFuture();
        });
    }

    Future<Void> finishRequests(long deadlineNanos) {
        return onContext(() -> until(() -> delivery.inFlight() == 0, deadlineNanos)
                .onSuccess(v -> {
                    int left = delivery.inFlight();
                    if (left > 0) { // said here too: their answers may never come before the process exits (review)
                        LOG.warn(
                                "Shutdown deadline reached with {} requests still on the wire; their outcomes are not"
                                        + " stored and their events stay pending for the next start",
                                left);
                    }
                }));
    }

    /**
     * Events still unfinished get their pending row now, naming the webhooks they were routed to, so whoever takes
     * the work over sends them only there (and the watermark recorded next moves past them).
     */
    Future<Void> parkLeftovers() {
        return onContext(() -> {
            ledger.dueForParking(System.nanoTime(), 0).forEach(delivery.writer()::park);
            // on its own clock: requests may have used the whole deadline, and the rows must be in before the
            // watermark moves past their events (else they are taken over without their webhooks, as after a crash)
            return delivery.writer().barrier().timeout(PARK_WAIT_MS, TimeUnit.MILLISECONDS);
        });
    }

    Future<Void> finishWrites(long deadlineNanos) {
        return onContext(() -> delivery.writer().drain(deadlineNanos).recover(err -> Future.succeededFuture()));
    }

    private Future<Void> onContext(java.util.function.Supplier<Future<Void>> step) {
        io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
        context.runOnContext(v -> step.get().onComplete(done));
        return done.future();
    }

    private Future<Void> until(java.util.function.BooleanSupplier condition, long deadlineNanos) {
        if (condition.getAsBoolean() || System.nanoTime() > deadlineNanos) {
            return Future.succeededFuture();
        }
        return vertx.timer(10).compose(v -> until(condition, deadlineNanos));
    }

    @Override
    public Future<?> stop() {
        Future<Void> released = folds == null ? Future.succeededFuture() : folds.releaseClaims();
        return released.transform(x -> delivery.close()).transform(ar -> pool.close());
    }
}
