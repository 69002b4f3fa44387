package io.hookline.ingest;

import io.hookline.event.EventParser;
import io.hookline.event.JsonText;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.ErrorBody;
import io.hookline.http.Responses;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.tracing.SpanHandle;
import io.hookline.tracing.SpanNames;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
import io.hookline.workspace.KnownWorkspaces;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** {@code POST /v1/events} and {@code POST /v1/events/batch} (docs/api.md). */
final class EventHandlers {

    static final long MAX_EVENT_BYTES = 1024 * 1024;
    static final long MAX_BATCH_BYTES = 5 * 1024 * 1024;
    static final int MAX_BATCH_EVENTS = 1000;

    private final EventJournal journal;
    private final HooklineMetrics metrics;
    private final KnownWorkspaces workspaces;
    private final Tracing tracing;

    EventHandlers(EventJournal journal, HooklineMetrics metrics, KnownWorkspaces workspaces, Tracing tracing) {
        this.journal = journal;
        this.tracing = tracing;
        this.metrics = metrics;
        this.workspaces = workspaces;
    }

    /** How a single event's request is answered: through the router, or directly (see {@link SingleEventShortcut}). */
    interface Reply {
        void answer(int status, Buffer body);

        void fail(Throwable failure);
    }

    void single(RoutingContext ctx) {
        single(
                ctx.body().buffer(),
                new Reply() {
                    @Override
                    public void answer(int status, Buffer body) {
                        Responses.json(ctx, status, body);
                    }

                    @Override
                    public void fail(Throwable failure) {
                        ctx.fail(failure);
                    }
                },
                tracing.on() ? (workspaceId, eventId) -> traced(ctx, workspaceId, eventId) : null);
    }

    /** {@code tracer}: the request's span for the event (workspace id, event id), or null while tracing is off. */
    void single(Buffer body, Reply reply, BiFunction<String, String, TraceParent> tracer) {
        Future<EventJournal.Outcome> outcome;
        try {
            outcome = admit(body, tracer);
        } catch (RuntimeException e) {
            reply.fail(e);
            return;
        }
        outcome.onComplete(ar -> {
            if (ar.failed()) {
                reply.fail(ar.cause());
                return;
            }
            boolean accepted = ar.result().status() == EventJournal.Status.ACCEPTED;
            reply.answer(accepted ? 202 : 200, Answers.single(ar.result().eventId(), accepted));
        });
    }

    /** Checks and parses the body (an {@link ApiException} when it is refused) and hands the event to the journal. */
    private Future<EventJournal.Outcome> admit(Buffer buffer, BiFunction<String, String, TraceParent> tracer) {
        byte[] body = bytes(buffer);
        int start = JsonText.start(body, 0, body.length);
        EventParser.Result parsed;
        try {
            parsed = EventParser.parse(body, start, body.length - start);
        } catch (EventParser.MalformedJson e) {
            throw malformed(e.getMessage());
        }
        if (!parsed.valid()) {
            if (parsed.violations().size() == 1
                    && parsed.violations().get(0).field().isEmpty()) {
                throw ApiException.badRequest("malformed_request", "The body must be one JSON object (an event).");
            }
            metrics.event("rejected", parsed.kindLabel());
            throw invalid(parsed);
        }
        String type = parsed.event().kind().wire();
        String eventId = parsed.producerId() != null ? parsed.producerId() : EventIds.generate();
        TraceParent trace = tracer == null ? null : tracer.apply(parsed.event().workspaceId(), eventId);
        return workspaces.admit(
                parsed.event().workspaceId(),
                () -> counted(journal.append(parsed.event(), eventId, slice(body, start, body.length), trace), type),
                Future::failedFuture);
    }

    void batch(RoutingContext ctx) {
        byte[] body = bytes(ctx.body().buffer());
        BatchReader.Batch batch;
        try {
            batch = BatchReader.read(body, MAX_BATCH_EVENTS, MAX_EVENT_BYTES);
        } catch (EventParser.MalformedJson e) {
            throw malformed(e.getMessage());
        }
        List<Future<JsonObject>> results = new ArrayList<>(batch.items().size());
        TraceParent trace = tracing.on()
                ? tracing.request(ctx)
                        .set(SpanNames.BATCH_EVENTS, batch.items().size())
                        .parent()
                : null;
        for (BatchReader.Item item : batch.items()) {
            results.add(item(item, trace));
        }
        Future.join(results).onComplete(ar -> respondBatch(ctx, results, batch.items()));
    }

    /** The request's span, told which event it carries; the parent of that event's next stages. */
    private TraceParent traced(RoutingContext ctx, String workspaceId, String eventId) {
        SpanHandle request = tracing.request(ctx);
        return request.set(SpanNames.WORKSPACE, workspaceId)
                .set(SpanNames.EVENT_ID, eventId)
                .parent();
    }

    private Future<JsonObject> item(BatchReader.Item item, TraceParent trace) {
        if (item.error() != null) {
            metrics.event(
                    "rejected",
                    item.parsed() == null ? "unknown" : item.parsed().kindLabel());
            return Future.succeededFuture(rejected(item.producerId(), ErrorBody.of(item.error())));
        }
        EventParser.Result parsed = item.parsed();
        String eventId = parsed.producerId() != null ? parsed.producerId() : EventIds.generate();
        return workspaces.admit(
                parsed.event().workspaceId(),
                () -> counted(
                                journal.append(parsed.event(), eventId, item.text(), trace),
                                parsed.event().kind().wire())
                        .map(outcome -> new JsonObject()
                                .put("id", outcome.eventId())
                                .put(
                                        "status",
                                        outcome.status() == EventJournal.Status.ACCEPTED ? "accepted" : "duplicate")),
                notFound -> Future.succeededFuture(rejected(item.producerId(), ErrorBody.of(notFound))));
    }

    private Future<EventJournal.Outcome> counted(Future<EventJournal.Outcome> outcome, String type) {
        return outcome.onComplete(ar -> metrics.event(
                ar.failed()
                        ? "unavailable"
                        : ar.result().status() == EventJournal.Status.ACCEPTED ? "accepted" : "duplicate",
                type));
    }

    /**
     * 202 with one result per input. Items the store could not take are rejected one by one with
     * {@code storage_unavailable}; if that is every valid item, the whole call is a 503 instead.
     */
    private static void respondBatch(
            RoutingContext ctx, List<Future<JsonObject>> results, List<BatchReader.Item> items) {
        JsonArray out = new JsonArray();
        int stored = 0;
        int unavailable = 0;
        ApiException lastError = null;
        for (int i = 0; i < results.size(); i++) {
            Future<JsonObject> f = results.get(i);
            if (f.succeeded()) {
                out.add(f.result());
                stored += "rejected".equals(f.result().getString("status")) ? 0 : 1;
            } else {
                ApiException error = f.cause() instanceof ApiException api
                        ? api
                        : ApiException.unavailable(
                                "The event store is unavailable; the event was not accepted. Retry later.");
                lastError = error;
                unavailable++;
                out.add(rejected(items.get(i).producerId(), ErrorBody.of(error)));
            }
        }
        if (unavailable > 0 && stored == 0) {
            ctx.fail(lastError);
            return;
        }
        Responses.json(ctx, 202, new JsonObject().put("results", out));
    }

    static JsonObject rejected(String producerId, JsonObject errorBody) {
        return new JsonObject()
                .put("id", producerId)
                .put("status", "rejected")
                .put("error", errorBody.getJsonObject("error"));
    }

    static ApiException invalid(EventParser.Result parsed) {
        int problems = parsed.problems();
        return ApiException.invalid(
                "The event is invalid: "
                        + (problems == 1
                                ? "1 field breaks the ingest schema."
                                : problems + " fields break the ingest schema" + Violation.unlistedNote(problems)
                                        + "."),
                parsed.violations());
    }

    /** A part of a body's bytes, without copying (the journal stores it as it is). */
    static Buffer slice(byte[] bytes, int from, int to) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, from, to - from));
    }

    /** The body's bytes, checked to be UTF-8 JSON text: 400 otherwise, before any parsing. */
    private static byte[] bytes(Buffer body) {
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("malformed_json", "The body is empty; send a JSON document.");
        }
        byte[] bytes = body.getBytes();
        String problem = JsonText.encodingProblem(bytes, 0, bytes.length);
        if (problem != null) {
            throw ApiException.badRequest("malformed_json", "The body must be JSON text in UTF-8: " + problem + ".");
        }
        return bytes;
    }

    private static ApiException malformed(String detail) {
        return ApiException.badRequest("malformed_json", "The body is not valid JSON: " + detail);
    }
}
