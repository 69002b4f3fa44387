package io.hookline.delivery;

import io.hookline.webhook.Subscriptions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** What every {@link WebhookLane} of one delivery verticle shares. */
record LaneSettings(Vertx vertx, Pool pool, Subscriptions subscriptions, Sender sender, OutcomeWriter writer,
                    DeliveryBudget budget, int capacity, int maxInFlight, int threshold) {
}
