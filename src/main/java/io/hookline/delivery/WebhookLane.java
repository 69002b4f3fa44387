package io.hookline.delivery;

import io.hookline.webhook.WebhookRef;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.impl.CircuitBreakerImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.UUID;

/**
 * The deliveries of one webhook: a bounded queue, a cap on requests in flight, and a circuit breaker counting
 * consecutive failures, so a slow, dead or failing receiver ties up only its own lane. What does not fit in memory
 * is deferred — its event stays pending in PostgreSQL and the re-drive brings it back.
 *
 * <p>Failure policy: the database counts failures and disables the webhook (see {@link FailurePolicy}); the lane
 * makes sure it never sends more than {@code threshold + 1} consecutive failures. Until a success shows the receiver
 * healthy, requests in flight are limited so that even if all of them fail the run does not pass that bound; once
 * the run exceeds the threshold the breaker opens, nothing more is sent, and after this lane's attempts are stored
 * the database decides: disabled (the queue is dropped) or not (the breaker closes and delivery resumes).
 *
 * <p>Confined to its delivery verticle's event loop.
 */
final class WebhookLane {

  private final UUID webhookId;
  private final LaneSettings settings;
  private final CircuitBreaker breaker;
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private int inFlight;
  /** Consecutive failures the database had counted when this lane last synchronised with it. */
  private int seed;
  /** The last outcome was a success: the receiver is healthy, full concurrency. */
  private boolean healthy;
  private boolean verifying;
  private boolean closing;
  private boolean pumpScheduled;

  WebhookLane(Vertx vertx, UUID webhookId, LaneSettings settings, int knownFailures) {
    this.webhookId = webhookId;
    this.settings = settings;
    this.seed = knownFailures;
    this.breaker = CircuitBreaker.create("webhook-" + webhookId, vertx, new CircuitBreakerOptions()
        .setMaxFailures(settings.threshold() + 1)
        .setMaxRetries(0)
        .setTimeout(-1)               // the sender enforces the delivery timeout itself
        .setResetTimeout(-1)          // closed again only by a success or the database's verdict
        .setFallbackOnFailure(false)
        .setFailuresRollingWindow(3_600_000)
        .setNotificationAddress(null));
    settings.metrics().breakerCreated();
    breaker.openHandler(v -> settings.metrics().breakerOpened());
    breaker.closeHandler(v -> settings.metrics().breakerClosed());
  }

  void offer(Delivery delivery) {
    if (queue.size() >= settings.capacity() || !settings.budget().tryAcquire(webhookId)) {
      settings.metrics().delivery("deferred");
      settings.writer().dropped(delivery.ticket().markDeferred());
      return;
    }
    queue.add(delivery);
    pump();
  }

  int inFlight() {
    return inFlight;
  }

  private int failures() {
    return seed + (int) breaker.failureCount();
  }

  private int allowedInFlight() {
    if (healthy) {
      return settings.maxInFlight();
    }
    return Math.min(settings.maxInFlight(), Math.max(0, settings.threshold() + 1 - failures()));
  }

  /** Shutdown: send nothing more; what is still queued stays pending in PostgreSQL for the next start. */
  void close() {
    closing = true;
    while (!queue.isEmpty()) {
      settings.budget().release(webhookId);
      settings.writer().dropped(queue.poll().ticket().markDeferred());
    }
  }

  private void pump() {
    if (closing) {
      return;
    }
    if (settings.writer().saturated()) {
      // the database is not taking attempts right now: keep them bounded by not making more
      if (!pumpScheduled) {
        pumpScheduled = true;
        settings.vertx().setTimer(100, id -> {
          pumpScheduled = false;
          pump();
        });
      }
      return;
    }
    // The current definition decides: a webhook disabled or deleted since fan-out gets nothing more.
    WebhookRef current = settings.subscriptions().get(webhookId);
    if (current == null || !current.enabled()) {
      dropQueued();
      return;
    }
    if (breaker.state() == CircuitBreakerState.OPEN) {
      if (!verifying && inFlight == 0) {
        verify();
      }
      return;
    }
    while (!queue.isEmpty() && inFlight < allowedInFlight()) {
      Delivery delivery = queue.poll();
      settings.budget().release(webhookId);
      launch(current, delivery);
    }
  }

  private void launch(WebhookRef webhook, Delivery delivery) {
    inFlight++;
    settings.metrics().requestStarted();
    breaker.<AttemptRecord>execute(() -> settings.sender().send(webhook, delivery.payload(), false, delivery.ticket())
            .compose(a -> a.success() ? Future.succeededFuture(a) : Future.failedFuture(new Failed(a))))
        .onComplete(ar -> {
          inFlight--;
          settings.metrics().requestEnded();
          if (ar.succeeded()) {
            record(ar.result(), delivery);
          } else if (ar.cause() instanceof Failed failed) {
            record(failed.attempt, delivery);
          } else {
            // refused by an open breaker before anything was sent: keep it for later
            if (settings.budget().tryAcquire(webhookId)) {
              queue.addFirst(delivery);
            } else {
              settings.writer().dropped(delivery.ticket().markDeferred());
            }
          }
          pump();
        });
  }

  private void record(AttemptRecord attempt, Delivery delivery) {
    settings.metrics().delivery(attempt.success() ? "success" : "failure");
    settings.metrics().attempted(attempt.durationMs(), settings.clock().millis() - delivery.receivedAtMillis());
    if (attempt.success()) {
      seed = 0;
      healthy = true;
    } else {
      healthy = false;
      if (failures() > settings.threshold() && breaker.state() != CircuitBreakerState.OPEN) {
        breaker.open();
      }
    }
    settings.writer().attempt(attempt);
  }

  /** Once this lane's attempts are stored, the database says whether the webhook is still enabled. */
  private void verify() {
    verifying = true;
    settings.writer().barrier()
        .compose(v -> settings.pool().preparedQuery("SELECT workspace_id, enabled, errors_counter FROM webhooks "
            + "WHERE id = $1").execute(Tuple.of(webhookId)))
        .onComplete(ar -> {
          verifying = false;
          if (ar.failed()) {
            settings.vertx().setTimer(1000, id -> pump());
            return;
          }
          if (ar.result().size() == 0) {
            dropQueued();
            return;
          }
          var row = ar.result().iterator().next();
          if (!row.getBoolean("enabled")) {
            settings.subscriptions().reloadWorkspace(row.getString("workspace_id")).onComplete(x -> pump());
            return;
          }
          seed = row.getInteger("errors_counter");
          if (seed > settings.threshold()) {
            settings.vertx().setTimer(1000, id -> pump());
            return;
          }
          forceClose();
          pump();
        });
  }

  /** The breaker re-opens to traffic when the database says the webhook is enabled (e.g. after re-enabling). */
  private void forceClose() {
    if (breaker instanceof CircuitBreakerImpl impl) {
      impl.reset(true);
    } else {
      breaker.reset();
    }
  }

  private void dropQueued() {
    while (!queue.isEmpty()) {
      settings.metrics().delivery("dropped");
      settings.budget().release(webhookId);
      settings.writer().dropped(queue.poll().ticket());
    }
  }

  /** An unsuccessful attempt, as a failure the breaker counts. */
  private static final class Failed extends RuntimeException {
    final AttemptRecord attempt;

    Failed(AttemptRecord attempt) {
      super(attempt.error(), null, false, false);
      this.attempt = attempt;
    }
  }
}
