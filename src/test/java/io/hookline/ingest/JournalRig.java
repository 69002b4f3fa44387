package io.hookline.ingest;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventParser;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.progress.InstanceProgress;
import io.hookline.progress.Ledger;
import io.hookline.testing.Await;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link EventJournal} on one event loop of a real Vert.x, writing to the test PostgreSQL. The test decides
 * whether delivery is backed up, and sees what was handed to fan-out and the order answers completed in.
 */
final class JournalRig {

    final HooklineMetrics metrics = HooklineMetrics.standalone();
    final AtomicBoolean backedUp = new AtomicBoolean();
    /** How often the journal asked whether delivery is backed up. */
    final AtomicInteger asked = new AtomicInteger();

    final List<List<AcceptedEvent>> handedOff = new CopyOnWriteArrayList<>();
    /** Event ids in the order their answers completed. */
    final List<String> answered = new CopyOnWriteArrayList<>();

    private final Context context;
    private final EventJournal journal;

    JournalRig(Vertx vertx, Pool pool, Clock clock, int maxBatch) {
        this(vertx, pool, clock, maxBatch, Tracing.OFF);
    }

    JournalRig(Vertx vertx, Pool pool, Clock clock, int maxBatch, Tracing tracing) {
        this.context = vertx.getOrCreateContext();
        this.journal = onLoop(() -> new EventJournal(
                vertx,
                pool,
                1,
                clock,
                new Ledger(0, new InstanceProgress(1, 0)),
                maxBatch,
                10_000,
                metrics,
                () -> {
                    asked.incrementAndGet();
                    return backedUp.get();
                },
                new CommitListener() {
                    @Override
                    public List<WebhookRef> webhooksOf(String workspaceId) {
                        return List.of();
                    }

                    @Override
                    public void committed(List<AcceptedEvent> events, List<List<WebhookRef>> webhooks) {
                        handedOff.add(events);
                    }
                },
                tracing,
                new ReactionCache()));
    }

    /** Appends the events in one event-loop turn, each as brought by the request whose span is {@code traces[i]}. */
    List<Future<EventJournal.Outcome>> appendTraced(List<JsonObject> events, List<TraceParent> traces) {
        return onLoop(() -> {
            List<Future<EventJournal.Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                JsonObject event = events.get(i);
                EventParser.Result parsed = EventParser.parse(event);
                answers.add(journal.append(
                        parsed.event(), parsed.producerId(), Buffer.buffer(event.encode()), traces.get(i)));
            }
            return answers;
        });
    }

    /** Appends the events in one event-loop turn, as requests read together are; {@code ids} override their ids. */
    List<Future<EventJournal.Outcome>> append(List<JsonObject> events, List<String> ids) {
        return onLoop(() -> {
            List<Future<EventJournal.Outcome>> answers = new ArrayList<>();
            appendNow(events, ids, answers);
            return answers;
        });
    }

    /**
     * Appends {@code first}, lets the journal start writing them, then appends {@code next}: the turn after, while that
     * write is still on its way to PostgreSQL (its answer needs I/O, which the loop handles after its queued tasks).
     */
    List<Future<EventJournal.Outcome>> appendWhileWriting(List<JsonObject> first, List<JsonObject> next) {
        Promise<List<Future<EventJournal.Outcome>>> all = Promise.promise();
        context.runOnContext(v -> {
            List<Future<EventJournal.Outcome>> answers = new ArrayList<>();
            appendNow(first, null, answers); // schedules the write as the loop's next task
            context.runOnContext(later -> {
                appendNow(next, null, answers);
                all.complete(answers);
            });
        });
        return Await.result(all.future());
    }

    private void appendNow(List<JsonObject> events, List<String> ids, List<Future<EventJournal.Outcome>> answers) {
        for (int i = 0; i < events.size(); i++) {
            JsonObject event = events.get(i);
            EventParser.Result parsed = EventParser.parse(event);
            String id = ids == null ? parsed.producerId() : ids.get(i);
            answers.add(journal.append(parsed.event(), id, Buffer.buffer(event.encode()))
                    .onComplete(ar -> answered.add(id)));
        }
    }

    List<Future<EventJournal.Outcome>> append(List<JsonObject> events) {
        return append(events, null);
    }

    /** Group-commit writes so far, and the events they carried. */
    long writes() {
        return metrics.registry().find("hookline.journal.batch.size").summary().count();
    }

    double largestWrite() {
        return metrics.registry().find("hookline.journal.batch.size").summary().max();
    }

    boolean idle() {
        return onLoop(journal::idle);
    }

    <T> T onLoop(Callable<T> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                promise.complete(action.call());
            } catch (Exception e) {
                promise.fail(e);
            }
        });
        return Await.result(promise.future());
    }
}
