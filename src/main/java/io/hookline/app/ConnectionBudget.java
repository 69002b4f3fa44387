package io.hookline.app;

import io.hookline.config.HooklineConfig;
import io.hookline.store.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * How many connections one Hookline may open to PostgreSQL: each event loop's pool (an even share of
 * {@code HOOKLINE_DB_POOL_SIZE}, at least two, so a journal write and an attempt write never wait for each other), the
 * control pool, and the change feed's listening connection. Checked against what the server accepts before anything
 * is deployed: an instance that may need more would start, then fail requests with "too many clients" under load and
 * take every connection that other clients of the same server wait for.
 */
public final class ConnectionBudget {

    static final int CONTROL_POOL_SIZE = 4;
    private static final int LISTENER = 1;

    private final int loops;
    private final int poolSize;

    private ConnectionBudget(int loops, int poolSize) {
        this.loops = loops;
        this.poolSize = poolSize;
    }

    public static ConnectionBudget of(HooklineConfig config) {
        return new ConnectionBudget(
                HooklineApp.eventLoops(config), config.database().poolSize());
    }

    /** The pool size of each event loop. */
    int perLoop() {
        return Math.max(2, poolSize / loops);
    }

    /** The most connections this instance opens at once. */
    public int planned() {
        return loops * perLoop() + CONTROL_POOL_SIZE + LISTENER;
    }

    /** Fails with a {@link HooklineApp.StartupException} saying what to change when the server accepts fewer. */
    static Future<Void> check(HooklineConfig config, Pool control) {
        ConnectionBudget budget = of(config);
        return Database.connectionLimit(control)
                .compose(limit -> budget.planned() <= limit.accepts()
                        ? Future.succeededFuture()
                        : Future.failedFuture(new HooklineApp.StartupException(budget.refusal(limit))));
    }

    private String refusal(Database.ConnectionLimit limit) {
        return "Hookline may open up to " + planned() + " connections to PostgreSQL (" + loops + " event loops × "
                + perLoop() + ", plus " + (CONTROL_POOL_SIZE + LISTENER) + " of its own), but " + limit.describe()
                + "; lower HOOKLINE_EVENT_LOOPS or HOOKLINE_DB_POOL_SIZE (each event loop takes an even share of "
                + "the pool, at least 2), or let the server accept more connections";
    }
}
