package io.hookline.app;

import io.hookline.progress.InstanceProgress;
import io.hookline.store.InstanceLease;
import io.hookline.store.PendingWork;
import io.hookline.store.ReactionFolds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful shutdown (SIGTERM), in one ordered sequence of named steps: refuse new events and answer the ones being
 * committed; stop the re-drive and stop sending (queued deliveries stay pending); let requests in flight finish until
 * {@code HOOKLINE_SHUTDOWN_DEADLINE_MS}; write every outcome; record how far this instance got; stop the rest. What is
 * left is pending in PostgreSQL, and another instance (or the next start) takes it over at once, because this one is
 * marked stopped. The result says whether every step completed (the process's exit code: 0, or 1 when PostgreSQL was
 * unreachable during the stop and outcomes stayed unwritten).
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final Vertx vertx;
    private final long deadlineMs;
    private final AtomicBoolean accepting;
    private final List<SlotVerticle> slots;
    /** Deployment ids, the re-drive first. */
    private final List<String> control;

    private final InstanceLease lease;
    private final InstanceProgress progress;
    private Future<Boolean> running;
    /** A step failed or timed out: the stop left something undone. */
    private final AtomicBoolean incomplete = new AtomicBoolean();

    Shutdown(
            Vertx vertx,
            long deadlineMs,
            AtomicBoolean accepting,
            List<SlotVerticle> slots,
            List<String> control,
            InstanceLease lease,
            InstanceProgress progress) {
        this.vertx = vertx;
        this.deadlineMs = deadlineMs;
        this.accepting = accepting;
        this.slots = slots;
        this.control = control;
        this.lease = lease;
        this.progress = progress;
    }

    synchronized Future<Boolean> run() {
        if (running == null) {
            running = sequence();
        }
        return running;
    }

    private Future<Boolean> sequence() {
        long deadline = System.nanoTime() + deadlineMs * 1_000_000L;
        LOG.info("Shutting down: refusing new events, finishing deliveries in flight (deadline {} ms)", deadlineMs);
        accepting.set(false);
        return step("finish the ingest requests under way", () -> eachSlot(s -> s.finishIngest(deadline)))
                .compose(v ->
                        step("stop the re-drive", () -> undeploy(control.subList(0, Math.min(1, control.size())))))
                .compose(v -> step("stop sending", () -> eachSlot(SlotVerticle::stopSending)))
                .compose(v -> step("finish the requests in flight", () -> eachSlot(s -> s.finishRequests(deadline))))
                .compose(v -> step("park the unfinished events", () -> eachSlot(SlotVerticle::parkLeftovers)))
                .compose(v -> step("write every outcome", () -> eachSlot(s -> s.finishWrites(deadline))))
                .compose(v -> step("record the watermark", () -> lease.heartbeat(progress.watermark())))
                .compose(v -> step(
                        "stop mail, retention and admin",
                        () -> undeploy(control.subList(Math.min(1, control.size()), control.size()))))
                .compose(v -> PendingWork.countOf(lease.pool(), lease.id()))
                .compose(left -> ReactionFolds.countWaiting(lease.pool())
                        .map(String::valueOf)
                        .otherwise("an unknown number of")
                        .onSuccess(folded -> LOG.info(
                                "Stopped gracefully; {} events left pending for the next start; {} reactions wait in"
                                        + " folds not finished yet (of every instance)",
                                left,
                                folded)))
                .map(v -> !incomplete.get())
                .otherwise(false);
    }

    private Future<Void> step(String name, Supplier<Future<Void>> action) {
        return action.get()
                .onFailure(err -> {
                    incomplete.set(true);
                    LOG.warn("Shutdown step '{}' did not complete: {}", name, err.toString());
                })
                .recover(err -> Future.succeededFuture());
    }

    private Future<Void> eachSlot(Function<SlotVerticle, Future<Void>> action) {
        return Future.join(slots.stream().map(action).toList()).mapEmpty();
    }

    private Future<Void> undeploy(List<String> ids) {
        return Future.join(ids.stream().map(vertx::undeploy).toList()).mapEmpty();
    }
}
