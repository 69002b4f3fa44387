package io.hookline.app;

import io.hookline.config.HooklineConfig;
import io.hookline.delivery.DeliveryBudget;
import io.hookline.delivery.OutcomeWriter;
import io.hookline.delivery.TargetGuard;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.InFlightEvents;
import io.hookline.webhook.Subscriptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the verticles of one Hookline process share: configuration, the database pool, the webhook cache, the
 * set of events in memory, and the process's identity in {@code instances}.
 */
public final class AppContext {

  private final HooklineConfig config;
  private final Pool pool;
  private final UUID instanceId;
  private final Subscriptions subscriptions;
  private final InFlightEvents inFlight = new InFlightEvents();
  private final Clock clock;
  private final TargetGuard targetGuard;
  private final OutcomeWriter.Listener attemptListener;
  private final int deliveryPartitions;
  private final Ports ports = new Ports();
  private final DeliveryBudget deliveryBudget;
  private final HooklineMetrics metrics;
  private volatile boolean accepting = true;
  private final Map<String, Router> routers = new ConcurrentHashMap<>();

  public AppContext(HooklineConfig config, Pool pool, UUID instanceId, Subscriptions subscriptions, Clock clock,
                    TargetGuard targetGuard, OutcomeWriter.Listener attemptListener, int deliveryPartitions,
                    HooklineMetrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.pool = pool;
    this.instanceId = instanceId;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.targetGuard = targetGuard;
    this.attemptListener = attemptListener;
    this.deliveryPartitions = deliveryPartitions;
    this.deliveryBudget = new DeliveryBudget(config.maxQueuedDeliveries());
  }

  public HooklineMetrics metrics() {
    return metrics;
  }

  public DeliveryBudget deliveryBudget() {
    return deliveryBudget;
  }

  public HooklineConfig config() {
    return config;
  }

  public Pool pool() {
    return pool;
  }

  public UUID instanceId() {
    return instanceId;
  }

  public Subscriptions subscriptions() {
    return subscriptions;
  }

  public InFlightEvents inFlight() {
    return inFlight;
  }

  public Clock clock() {
    return clock;
  }

  public TargetGuard targetGuard() {
    return targetGuard;
  }

  public OutcomeWriter.Listener attemptListener() {
    return attemptListener;
  }

  public int deliveryPartitions() {
    return deliveryPartitions;
  }

  public Ports ports() {
    return ports;
  }

  /** The routers of the listeners, by name ({@code ingest}, {@code admin}): what is served, for docs checks. */
  public void registerRouter(String name, Router router) {
    routers.put(name, router);
  }

  public Router router(String name) {
    return routers.get(name);
  }

  public boolean accepting() {
    return accepting;
  }

  private volatile long shutdownDeadlineNanos = Long.MAX_VALUE;
  /** Since when this instance's heartbeats have been succeeding without a gap (Long.MAX_VALUE while failing). */
  private volatile long heartbeatHealthySinceNanos = System.nanoTime();

  public void heartbeatSucceeded() {
    if (heartbeatHealthySinceNanos == Long.MAX_VALUE) {
      heartbeatHealthySinceNanos = System.nanoTime();
    }
  }

  public void heartbeatFailed() {
    heartbeatHealthySinceNanos = Long.MAX_VALUE;
  }

  /**
   * Whether this instance may judge others dead by their heartbeats: only once its own have been succeeding for
   * longer than the lease. Right after a database outage every heartbeat is stale, including those of instances
   * that are alive and still hold their work in memory.
   */
  public boolean mayTakeOver() {
    long since = heartbeatHealthySinceNanos;
    return since != Long.MAX_VALUE && System.nanoTime() - since > config.instanceLeaseMs() * 1_000_000L;
  }

  /**
   * Shutdown begins (idempotent): ingest refuses new events; components finish their work until the deadline.
   * Returns that deadline.
   */
  public synchronized long beginShutdown() {
    if (accepting) {
      accepting = false;
      shutdownDeadlineNanos = System.nanoTime() + config.shutdownDeadlineMs() * 1_000_000L;
    }
    return shutdownDeadlineNanos;
  }

  /** When a graceful stop must be done by (far in the future unless shutting down). */
  public long shutdownDeadlineNanos() {
    return shutdownDeadlineNanos;
  }
}
