package io.hookline.delivery;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.webhook.Subscriptions;
import java.time.Clock;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** What every {@link WebhookLane} of one delivery verticle shares. */
record LaneSettings(Vertx vertx, Pool pool, Subscriptions subscriptions, Sender sender, OutcomeWriter writer,
                    DeliveryBudget budget, HooklineMetrics metrics, Clock clock, int capacity, int maxInFlight,
                    int threshold) {
}
