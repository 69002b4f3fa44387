package io.hookline.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection that has not delivered a complete request head within the deadline of opening, or of the
 * end of its last answer. Vert.x only has idle timeouts, which every trickled byte resets; this clock does not
 * care about bytes, only about whether a request has begun. While an exchange is under way (head received, answer
 * not yet finished) there is no deadline, so slow answers are never cut.
 *
 * <p>One instance per listener instance: its handlers all run on that listener's event loop, so the map needs no
 * locking.
 */
final class HeaderDeadline {

  /** Per connection: the pending deadline timer (or -1) and how many exchanges are under way (HTTP/2: several). */
  private static final class State {
    long timer = -1;
    int exchanges;
  }

  private final Vertx vertx;
  private final long deadlineMs;
  private final Map<HttpConnection, State> connections = new HashMap<>();

  HeaderDeadline(Vertx vertx, long deadlineMs) {
    this.vertx = vertx;
    this.deadlineMs = deadlineMs;
  }

  void connectionOpened(HttpConnection connection) {
    State state = new State();
    connections.put(connection, state);
    connection.closeHandler(v -> {
      State closed = connections.remove(connection);
      if (closed != null && closed.timer >= 0) {
        vertx.cancelTimer(closed.timer);
      }
    });
    arm(connection, state);
  }

  /**
   * The first route of the router: a request head has arrived. Its end is observed through the routing context
   * (the response's own end handler belongs to Vert.x Web, which replaces it when a body handler is used).
   */
  void exchangeBegins(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    State state = connections.get(connection);
    if (state != null) {
      state.exchanges++;
      if (state.timer >= 0) {
        vertx.cancelTimer(state.timer);
        state.timer = -1;
      }
      ctx.addEndHandler(ar -> exchangeEnded(connection));
    }
    ctx.next();
  }

  private void exchangeEnded(HttpConnection connection) {
    State state = connections.get(connection);
    if (state != null && --state.exchanges == 0) {
      arm(connection, state);
    }
  }

  private void arm(HttpConnection connection, State state) {
    state.timer = vertx.setTimer(deadlineMs, id -> {
      state.timer = -1;
      if (state.exchanges == 0) {
        connection.close();
      }
    });
  }
}
