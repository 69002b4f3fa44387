package io.hookline.ingest;

import io.hookline.bus.Addresses;
import io.hookline.event.AcceptedEvent;
import io.hookline.fanout.FanoutBatch;
import io.hookline.http.BearerTokens;
import io.hookline.http.Listener;
import io.hookline.http.Responses;
import io.hookline.app.AppContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;

/**
 * The producers' listener (CONTRACT §3). Several instances share the port; each has its own group-commit
 * journal and hands committed events to fan-out over the event bus.
 */
public final class IngestVerticle extends VerticleBase {

  private final AppContext app;
  private HttpServer server;
  private EventJournal journal;

  public IngestVerticle(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    journal = new EventJournal(vertx, app.pool(), app.instanceId(), app.clock(),
        app.inFlight(), app.config().journalMaxBatch(), app.config().ingestTimeoutMs(), app.metrics(), this::handOff);
    EventHandlers handlers = new EventHandlers(journal, app.metrics());
    vertx.setPeriodic(100, id -> journal.expireWaiting());
    BearerTokens tokens = new BearerTokens(app.config().ingestTokens());

    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
    // Guards and body reading are separate routes: Vert.x Web runs body handlers before user handlers on a route,
    // and a request must be refused (401, 415, 413) before its body is read.
    guarded(router, "/v1/events", tokens, EventHandlers.MAX_EVENT_BYTES, "The event");
    router.post("/v1/events").handler(BodyHandler.create(false).setBodyLimit(EventHandlers.MAX_EVENT_BYTES))
        .handler(handlers::single);
    guarded(router, "/v1/events/batch", tokens, EventHandlers.MAX_BATCH_BYTES, "The batch");
    router.post("/v1/events/batch").handler(BodyHandler.create(false).setBodyLimit(EventHandlers.MAX_BATCH_BYTES))
        .handler(handlers::batch);
    app.registerRouter("ingest", router);

    return Listener.listen(vertx, "ingest", router, app.config().bindAddress(), app.config().ingestPort(),
            Duration.ofMillis(app.config().ingestTimeoutMs()))
        .onSuccess(s -> {
          server = s;
          app.ports().ingest(s.actualPort());
        });
  }

  private void guarded(Router router, String path, BearerTokens tokens, long maxBytes, String what) {
    router.post(path)
        .handler(IngestGuards.accepting(app::accepting))
        .handler(IngestGuards.ingestToken(tokens))
        .handler(IngestGuards.jsonContentType())
        .handler(IngestGuards.maxBody(maxBytes, what));
  }

  /** Graceful stop: new events already get 503; the ones being committed get their answer first. */
  @Override
  public Future<?> stop() {
    long deadline = app.beginShutdown();
    return journalIdle(deadline).compose(v -> server.close());
  }

  private Future<Void> journalIdle(long deadline) {
    if (journal.idle() || System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    return vertx.timer(10).compose(v -> journalIdle(deadline));
  }

  private void handOff(List<AcceptedEvent> events) {
    vertx.eventBus().send(Addresses.FANOUT, new FanoutBatch(events));
  }
}
