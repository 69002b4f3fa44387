package io.hookline.app;

import io.hookline.config.HooklineConfig;
import io.hookline.store.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections one Hookline may open to PostgreSQL: each slot's pool (an even share of {@code
 * HOOKLINE_DB_POOL_SIZE}, at least two, so a journal write and an attempt write never wait for each other), the
 * control pool, and the change feed's listening connection. Checked against what the server accepts before any slot is
 * deployed: an instance that may need more would start, then fail requests with "too many clients" under load and take
 * every connection that other clients of the same server wait for.
 */
final class ConnectionBudget {

    static final int CONTROL_POOL_SIZE = 4;
    /** The control pool and the change feed's LISTEN connection. */
    private static final int OWN = CONTROL_POOL_SIZE + 1;
    /** As many event loops as {@code HOOKLINE_EVENT_LOOPS} may ask for. */
    private static final int MAX_AUTOMATIC_LOOPS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBudget.class);

    private ConnectionBudget() {}

    /** The event loops Vert.x gets: the setting, or one per core (at most 256, as the setting allows). */
    static int eventLoops(HooklineConfig config) {
        int set = config.runtime().eventLoops();
        return set > 0
                ? set
                : Math.min(MAX_AUTOMATIC_LOOPS, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The pool size of each of {@code slots} slots. */
    static int perSlot(int poolSize, int slots) {
        return Math.max(2, poolSize / slots);
    }

    /** The most connections an instance with {@code slots} slots opens at once. */
    static int planned(int poolSize, int slots) {
        return slots * perSlot(poolSize, slots) + OWN;
    }

    /**
     * How many event loops get a slot: every one when their connections fit; with one loop per core chosen
     * automatically, as many as fit (a warning says so); otherwise a {@link StartupException} saying what
     * to change.
     */
    static Future<Integer> slots(HooklineConfig config, Pool control) {
        int loops = eventLoops(config);
        int pool = config.database().poolSize();
        boolean automatic = config.runtime().eventLoops() == 0;
        return Database.connectionLimit(control).compose(limit -> {
            int slots = loops;
            while (automatic && slots > 1 && planned(pool, slots) > limit.accepts()) {
                slots--;
            }
            if (planned(pool, slots) > limit.accepts()) {
                return Future.failedFuture(new StartupException(refusal(pool, slots, limit)));
            }
            if (slots < loops) {
                LOG.warn(
                        "PostgreSQL accepts at most {} connections here ({}): ingest and delivery run on {} instead of "
                                + "one per core ({}), with {} connections each; let the server accept more connections, "
                                + "or set HOOKLINE_EVENT_LOOPS",
                        limit.accepts(),
                        limit.describe(),
                        loops(slots),
                        loops,
                        perSlot(pool, slots));
            }
            return Future.succeededFuture(slots);
        });
    }

    private static String refusal(int pool, int slots, Database.ConnectionLimit limit) {
        return "Hookline may open up to " + planned(pool, slots) + " connections to PostgreSQL (" + loops(slots)
                + " x " + perSlot(pool, slots) + ", plus " + OWN
                + " of its own), but " + limit.describe() + "; lower HOOKLINE_EVENT_LOOPS or HOOKLINE_DB_POOL_SIZE "
                + "(each event loop takes an even share of the pool, at least 2), or let the server accept more "
                + "connections";
    }

    private static String loops(int n) {
        return n == 1 ? "1 event loop" : n + " event loops";
    }
}
