package io.hookline.recovery;

import io.hookline.delivery.DirectSends;
import io.hookline.store.PassFailures;
import io.hookline.store.RecoveryStore;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the recovery jobs of this instance: claims running jobs nobody alive holds (a crashed instance's claim lapses
 * after the lease), keeps its claims fresh while it works, and lets go of them at shutdown so the next start goes on
 * at once. Each job is a {@link RecoveryJob}.
 */
public final class RecoveryVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerticle.class);
    private final PassFailures failures = new PassFailures(LOG, "Claiming recovery jobs");
    private static final long CLAIM_INTERVAL_MS = 500;

    private final Pool pool;
    private final UUID instanceId;
    private final Subscriptions subscriptions;
    private final WebhookStore webhooks;
    private final DirectSends sends;
    private final long leaseMs;
    private final Set<UUID> active = new HashSet<>();
    private boolean claiming;
    private boolean stopping;
    private long claimTimer;
    private long renewTimer;

    public RecoveryVerticle(
            Pool pool,
            UUID instanceId,
            Subscriptions subscriptions,
            WebhookStore webhooks,
            DirectSends sends,
            long leaseMs) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.sends = sends;
        this.leaseMs = leaseMs;
    }

    @Override
    public Future<?> start() {
        claimTimer = vertx.setPeriodic(CLAIM_INTERVAL_MS, id -> claim());
        renewTimer = vertx.setPeriodic(Math.max(100, leaseMs / 3), id -> renew());
        return Future.succeededFuture();
    }

    private void claim() {
        if (claiming || stopping) {
            return;
        }
        claiming = true;
        RecoveryStore.claim(pool, instanceId, leaseMs).onComplete(ar -> {
            claiming = false;
            if (ar.failed()) {
                failures.failed(ar.cause());
                return;
            }
            failures.succeeded();
            for (Row row : ar.result()) {
                if (active.add(row.getUUID("id"))) {
                    new RecoveryJob(
                                    row,
                                    new RecoveryJob.Parts(
                                            vertx, pool, instanceId, subscriptions, webhooks, sends, leaseMs),
                                    () -> stopping,
                                    active::remove)
                            .run();
                }
            }
        });
    }

    /** A job waiting on a slow receiver or an open breaker must not look abandoned to the other instances. */
    private void renew() {
        if (!active.isEmpty() && !stopping) {
            RecoveryStore.renew(pool, instanceId, active.toArray(UUID[]::new), leaseMs)
                    .onFailure(err -> LOG.warn("Renewing recovery claims failed: {}", err.toString()));
        }
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(claimTimer);
        vertx.cancelTimer(renewTimer);
        return RecoveryStore.release(pool, instanceId).recover(err -> Future.succeededFuture());
    }
}
