package io.hookline.delivery;

import io.hookline.config.HooklineConfig;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.ProbeLeases;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The current {@link WebhookGate} of every webhook this process delivers to, shared by all event loops. */
public final class Gates {

    /** How long an open breaker waits before it lets one probe through (when the verdict left the webhook enabled). */
    private static final long BREAKER_RESET_MS = 30_000;

    private final Vertx vertx;
    private final int threshold;
    private final long breakerResetMs;
    private final ConcurrentHashMap<UUID, WebhookGate> gates = new ConcurrentHashMap<>();
    private final HooklineMetrics metrics;
    private final WebhookGate.Probing probing;

    /**
     * The gates of a running instance. Each change to the webhook cache retires the gates it outdated at once, so a
     * webhook disabled, deleted or begun anew stops counting among the breakers even when nothing more is sent to it
     * (its lanes, which would notice only on their next send, drop what they hold as soon as they are woken).
     */
    public static Gates of(
            Vertx vertx,
            HooklineConfig.Delivery delivery,
            HooklineMetrics metrics,
            ProbeLeases leases,
            Subscriptions subscriptions) {
        Gates gates =
                new Gates(vertx, delivery.failureThreshold(), BREAKER_RESET_MS, metrics, leases, delivery.timeoutMs());
        subscriptions.onChange(() -> gates.settle(subscriptions));
        return gates;
    }

    /** {@code deliveryTimeoutMs} sizes the probe leases: a request sent under one is stored before it lapses. */
    public Gates(
            Vertx vertx,
            int threshold,
            long breakerResetMs,
            HooklineMetrics metrics,
            ProbeLeases leases,
            long deliveryTimeoutMs) {
        this.vertx = vertx;
        this.threshold = threshold;
        this.breakerResetMs = breakerResetMs;
        this.metrics = metrics;
        this.probing = new WebhookGate.Probing(leases, vertx, deliveryTimeoutMs);
    }

    /**
     * The webhook's gate for its current enabled period: a new period (re-enabled, or its failure count reset) gets a
     * new gate, with a closed breaker and the database's count.
     */
    WebhookGate current(WebhookRef webhook) {
        WebhookGate gate = gates.get(webhook.id());
        if (gate != null && gate.period().equals(webhook.enabledSince())) {
            return gate;
        }
        return gates.compute(webhook.id(), (id, old) -> {
            if (old != null && old.period().equals(webhook.enabledSince())) {
                return old;
            }
            if (old != null) {
                old.retire();
            }
            return create(webhook);
        });
    }

    private WebhookGate create(WebhookRef webhook) {
        // The breaker opens at the same run length as auto-disable acts at: it stops sending at once, before the
        // database's verdict is in; if the webhook was not disabled after all, it half-opens and probes as usual.
        CircuitBreaker breaker = CircuitBreaker.create(
                "webhook-" + webhook.id(),
                vertx,
                new CircuitBreakerOptions()
                        .setMaxFailures(threshold + 1)
                        .setMaxRetries(0)
                        .setTimeout(-1) // the sender enforces the delivery deadline itself
                        .setResetTimeout(breakerResetMs)
                        .setFallbackOnFailure(false)
                        .setNotificationAddress(null));
        return new WebhookGate(
                webhook.id(),
                webhook.enabledSince(),
                breaker,
                new FailureRun(threshold, webhook.errorsCounter()),
                probing,
                metrics);
    }

    /** The webhook was disabled or deleted: its lanes drop what they hold. */
    void retire(UUID webhookId) {
        WebhookGate gate = gates.get(webhookId);
        if (gate != null) {
            gate.retire();
        }
    }

    /**
     * Retires every gate whose webhook is gone, disabled, or in a newer enabled period than the gate's. A disabled
     * webhook's gate stays in place, retired, so that a lane still holding the webhook's enabled record finds it so
     * and drops its queue instead of starting the webhook again; a gate of an older period is taken out, so that such
     * a lane makes a fresh one rather than dropping deliveries the webhook still wants.
     */
    void settle(Subscriptions subscriptions) {
        gates.forEach((id, gate) -> {
            WebhookRef now = subscriptions.get(id);
            if (now == null) {
                forget(id);
            } else if (!now.enabled()) {
                gate.retire();
            } else if (!now.enabledSince().equals(gate.period()) && gates.remove(id, gate)) {
                gate.retire();
            }
        });
    }

    /** Forgets a deleted webhook: taken out and retired in one step, so no gate leaves the map still counted. */
    void forget(UUID webhookId) {
        WebhookGate gate = gates.remove(webhookId);
        if (gate != null) {
            gate.retire();
        }
    }
}
