package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Retention} a minute after start and then every hour. */
public final class RetentionVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);
    private static final long FIRST_RUN_MS = 60_000;
    private static final long PERIOD_MS = 3_600_000;

    private final Pool pool;
    private final Clock clock;
    private final int days;
    private long timer = -1;

    public RetentionVerticle(Pool pool, Clock clock, int days) {
        this.pool = pool;
        this.clock = clock;
        this.days = days;
    }

    @Override
    public Future<?> start() {
        Retention retention = new Retention(pool, clock, days);
        timer = vertx.setTimer(FIRST_RUN_MS, first -> {
            run(retention);
            timer = vertx.setPeriodic(PERIOD_MS, id -> run(retention));
        });
        return Future.succeededFuture();
    }

    private void run(Retention retention) {
        retention
                .purge()
                .onFailure(err -> LOG.warn("Retention run failed (will retry in an hour): {}", err.toString()));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
