package io.hookline.delivery;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Context;
import java.time.Clock;

/** What every {@link Lane} of one event loop shares. */
record LaneSettings(
        Context context,
        Subscriptions subscriptions,
        WebhookStore webhooks,
        Gates gates,
        Sender sender,
        AttemptWriter writer,
        DeliveryBudget budget,
        SlotLoad load,
        HostPermits hosts,
        HooklineMetrics metrics,
        Clock clock,
        int capacity,
        int maxInFlight) {}
