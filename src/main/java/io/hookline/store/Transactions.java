package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes PostgreSQL may roll back for a conflict, run again. Transactions of the management API lock webhook rows that delivery's bookkeeping (failure counts, auto-disable)
 * and the fold claimer lock too, and PostgreSQL may roll one back to break a deadlock (40P01) or a serialization
 * conflict (40001). Nothing of it was kept, so it runs again; before, the admin got a 500 for a healthy database.
 */
public final class Transactions {

    private static final int CONFLICT_RETRIES = 3;

    private Transactions() {}

    /** Runs {@code work} in a transaction, again (up to three times) if PostgreSQL rolled it back for a conflict. */
    public static <T> Future<T> retryingConflicts(Pool pool, Function<SqlConnection, Future<T>> work) {
        return againOnConflict(() -> pool.withTransaction(work));
    }

    /** Runs {@code write}, again (up to three times) while PostgreSQL rolls it back for a conflict: nothing was kept. */
    public static <T> Future<T> againOnConflict(Supplier<Future<T>> write) {
        return run(write, 0);
    }

    private static <T> Future<T> run(Supplier<Future<T>> write, int rolledBack) {
        return write.get()
                .recover(err -> StorageErrors.isConflictRollback(err) && rolledBack < CONFLICT_RETRIES
                        ? run(write, rolledBack + 1)
                        : Future.failedFuture(err));
    }
}
