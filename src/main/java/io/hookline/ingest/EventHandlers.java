package io.hookline.ingest;

import io.hookline.event.EventKind;
import io.hookline.event.EventParser;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.ErrorBody;
import io.hookline.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/events} and {@code POST /v1/events/batch} (CONTRACT §3). */
final class EventHandlers {

  static final long MAX_EVENT_BYTES = 1024 * 1024;
  static final long MAX_BATCH_BYTES = 5 * 1024 * 1024;
  static final int MAX_BATCH_EVENTS = 1000;
  /** Vert.x's streaming codec: faster than the data-binding one {@code Json.decodeValue} picks when Jackson
   * databind is on the classpath, and it yields the same JsonObject/JsonArray values. */
  private static final JacksonCodec JSON = new JacksonCodec();

  private final EventJournal journal;
  private final HooklineMetrics metrics;

  EventHandlers(EventJournal journal, HooklineMetrics metrics) {
    this.journal = journal;
    this.metrics = metrics;
  }

  /** The {@code type} the producer meant, for metrics even when the event is invalid. */
  private static String typeOf(Object json) {
    return json instanceof JsonObject o && o.getValue("type") instanceof String t
        && EventKind.fromWire(t) != null ? t : "unknown";
  }

  private Future<EventJournal.Outcome> counted(Future<EventJournal.Outcome> outcome, String type) {
    return outcome.onComplete(ar -> metrics.event(ar.failed() ? "unavailable"
        : ar.result().status() == EventJournal.Status.ACCEPTED ? "accepted" : "duplicate", type));
  }

  void single(RoutingContext ctx) {
    Object json = parse(ctx.body().buffer());
    if (!(json instanceof JsonObject)) {
      throw ApiException.badRequest("malformed_request", "The body must be one JSON object (an event).");
    }
    EventParser.Result parsed = EventParser.parse(json);
    if (!parsed.valid()) {
      metrics.event("rejected", typeOf(json));
      throw invalid(parsed.violations());
    }
    String eventId = parsed.producerId() != null ? parsed.producerId() : EventIds.generate();
    counted(journal.append(parsed.event(), eventId, ctx.body().asString()), typeOf(json)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      EventJournal.Outcome outcome = ar.result();
      boolean accepted = outcome.status() == EventJournal.Status.ACCEPTED;
      Responses.json(ctx, accepted ? 202 : 200,
          new JsonObject().put("id", outcome.eventId()).put("status", accepted ? "accepted" : "duplicate"));
    });
  }

  void batch(RoutingContext ctx) {
    Object json = parse(ctx.body().buffer());
    if (!(json instanceof JsonObject body) || !(body.getValue("events") instanceof JsonArray events)) {
      throw ApiException.badRequest("malformed_request", "The body must be a JSON object {\"events\": [...]}.");
    }
    if (!Set.of("events").containsAll(body.fieldNames())) {
      throw invalid(List.of(new Violation(body.fieldNames().stream().filter(f -> !f.equals("events")).findFirst()
          .orElseThrow(), "is not a known field; allowed: events")));
    }
    if (events.size() > MAX_BATCH_EVENTS) {
      throw invalid(List.of(new Violation("events", "must hold at most " + MAX_BATCH_EVENTS + " events, got "
          + events.size())));
    }
    List<Future<JsonObject>> results = new ArrayList<>(events.size());
    List<String> producerIds = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Object item = events.getValue(i);
      producerIds.add(item instanceof JsonObject o && o.getValue("id") instanceof String id ? id : null);
      results.add(item(item));
    }
    Future.join(results).onComplete(ar -> respondBatch(ctx, results, producerIds));
  }

  private Future<JsonObject> item(Object item) {
    EventParser.Result parsed = EventParser.parse(item);
    if (!parsed.valid()) {
      metrics.event("rejected", typeOf(item));
      return Future.succeededFuture(rejected(parsed.producerId(), ErrorBody.of(invalid(parsed.violations()))));
    }
    String body = ((JsonObject) item).encode();
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
      metrics.event("rejected", typeOf(item));
      return Future.succeededFuture(rejected(parsed.producerId(),
          ErrorBody.of(IngestGuards.tooLarge(MAX_EVENT_BYTES, "This event"))));
    }
    String eventId = parsed.producerId() != null ? parsed.producerId() : EventIds.generate();
    return counted(journal.append(parsed.event(), eventId, body), typeOf(item))
        .map(outcome -> new JsonObject().put("id", outcome.eventId())
        .put("status", outcome.status() == EventJournal.Status.ACCEPTED ? "accepted" : "duplicate"));
  }

  /**
   * 202 with one result per input. Items the store could not take are rejected one by one with
   * {@code storage_unavailable}; if that is every valid item, the whole call is a 503 instead.
   */
  private static void respondBatch(RoutingContext ctx, List<Future<JsonObject>> results, List<String> producerIds) {
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
        ApiException error = f.cause() instanceof ApiException api ? api : ApiException.unavailable(
            "The event store is unavailable; the event was not accepted. Retry later.");
        lastError = error;
        unavailable++;
        out.add(rejected(producerIds.get(i), ErrorBody.of(error)));
      }
    }
    if (unavailable > 0 && stored == 0) {
      ctx.fail(lastError);
      return;
    }
    Responses.json(ctx, 202, new JsonObject().put("results", out));
  }

  private static JsonObject rejected(String producerId, JsonObject errorBody) {
    return new JsonObject().put("id", producerId).put("status", "rejected").put("error", errorBody.getJsonObject("error"));
  }

  private static ApiException invalid(List<Violation> violations) {
    return ApiException.invalid("The event is invalid: " + violations.size() + " field"
        + (violations.size() == 1 ? "" : "s") + " break the ingest schema.", violations);
  }

  private static Object parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("malformed_json", "The body is empty; send a JSON document.");
    }
    try {
      // any JSON value, so a top-level array gets "wrong shape" rather than "malformed"
      return JSON.fromBuffer(body);
    } catch (DecodeException e) {
      throw ApiException.badRequest("malformed_json", "The body is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
