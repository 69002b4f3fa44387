package io.hookline.testing;

import io.hookline.config.DatabaseUrl;
import io.hookline.store.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * A fresh test database migrated the way Hookline migrates at start, with a reactive pool on it: for unit tests that
 * drive a stage directly, without a whole Hookline around it.
 */
public final class MigratedDatabase implements AutoCloseable {

    private final TestDatabase db;
    private final Pool pool;

    private MigratedDatabase(TestDatabase db, Pool pool) {
        this.db = db;
        this.pool = pool;
    }

    public static MigratedDatabase create(Vertx vertx) {
        TestDatabase db = TestDatabase.create();
        DatabaseUrl url = DatabaseUrl.parse(db.url());
        Await.result(Database.migrate(vertx, url));
        return new MigratedDatabase(db, Database.pool(vertx, url, 4, "unit-test"));
    }

    public TestDatabase db() {
        return db;
    }

    public Pool pool() {
        return pool;
    }

    @Override
    public void close() {
        Await.result(pool.close());
        db.close();
    }
}
