package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} a minute after start and then every hour. A run that fails (PostgreSQL unreachable for a
 * moment) is tried again a minute later rather than an hour later, so a short outage does not leave an hour of rows
 * past their retention.
 */
public final class RetentionVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

    private final Pool pool;
    private final Clock clock;
    private final int days;
    private final Schedule schedule;
    private long timer = -1;
    private boolean stopped;

    /** When runs happen: the first this long after start, then every period, and a retry this long after a failure. */
    record Schedule(long firstRunMs, long periodMs, long retryMs) {
        static final Schedule DEFAULT = new Schedule(60_000, 3_600_000, 60_000);
    }

    public RetentionVerticle(Pool pool, Clock clock, int days) {
        this(pool, clock, days, Schedule.DEFAULT);
    }

    RetentionVerticle(Pool pool, Clock clock, int days, Schedule schedule) {
        this.pool = pool;
        this.clock = clock;
        this.days = days;
        this.schedule = schedule;
    }

    @Override
    public Future<?> start() {
        Retention retention = new Retention(pool, clock, days);
        timer = vertx.setTimer(schedule.firstRunMs(), first -> run(retention));
        return Future.succeededFuture();
    }

    private void run(Retention retention) {
        retention.purge().onComplete(ar -> {
            if (stopped) {
                return; // a run cut short by the shutdown (its pool closed) is not a failure to report
            }
            if (ar.failed()) {
                LOG.warn(
                        "Retention run failed (will retry in {} s): {}",
                        schedule.retryMs() / 1000,
                        ar.cause().toString());
            }
            timer = vertx.setTimer(ar.succeeded() ? schedule.periodMs() : schedule.retryMs(), id -> run(retention));
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
