package io.hookline.store;

import io.hookline.config.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Creates the database if it is missing, migrates it with Flyway and builds the reactive pool. */
public final class Database {

    /** Fail fast when PostgreSQL is unreachable: ingest must answer 503 promptly, not hang. */
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private Database() {}

    /** {@code purpose} names the client in the metrics (pool, listener, bootstrap). */
    /**
     * Set on each pooled connection: a transaction of an instance cut off from the server mid-way (a partition) held
     * its row locks until TCP gave up, about two hours, blocking every other instance's writes to those rows (code
     * review); Hookline's own transactions never wait on the application for more than milliseconds. A SET once
     * connected, not a startup parameter, which a pooler such as PgBouncer refuses unless told to ignore it.
     */
    private static final String IDLE_IN_TRANSACTION = "SET idle_in_transaction_session_timeout = 60000";

    public static PgConnectOptions connectOptions(DatabaseUrl url, String purpose) {
        PgConnectOptions options = (PgConnectOptions) new PgConnectOptions().setMetricsName("hookline-" + purpose);
        options.setHost(url.host())
                .setPort(url.port())
                .setUser(url.user())
                .setDatabase(url.database())
                .setCachePreparedStatements(true)
                .setPreparedStatementCacheMaxSize(256)
                .setPipeliningLimit(64);
        if (url.password() != null) {
            options.setPassword(url.password());
        }
        return options;
    }

    public static Pool pool(Vertx vertx, DatabaseUrl url, int size, String name) {
        return PgBuilder.pool()
                .with(new PoolOptions()
                        .setMaxSize(size)
                        .setName(name)
                        .setShared(false)
                        .setConnectionTimeout(CONNECT_TIMEOUT_MS)
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                        .setMaxWaitQueueSize(100_000))
                .with(new NetClientOptions()
                        .setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setTcpNoDelay(true))
                .connectingTo(connectOptions(url, "pool"))
                .withConnectHandler(conn -> conn.query(IDLE_IN_TRANSACTION + "; " + Backends.IDENTIFY)
                        .execute()
                        .onSuccess(set -> Backends.learn(conn, set.next()))
                        .onComplete(ar -> conn.close()))
                .using(vertx)
                .build();
    }

    /**
     * How long the start waits on a silent server: one that accepts the connection and never answers (a stalled
     * server, or another program on its port) kept the start waiting without a word (review).
     */
    public static final long START_ANSWER_TIMEOUT_MS = 10_000;

    /**
     * Connects to the server's {@code postgres} database and creates {@code url.database()} when it is missing. The
     * connection and the lookup fail with a {@link java.util.concurrent.TimeoutException} after
     * {@link #START_ANSWER_TIMEOUT_MS} of silence; {@code CREATE DATABASE} is not limited (it waits for a checkpoint,
     * which on a busy server may take longer).
     */
    public static Future<Void> ensureExists(Vertx vertx, DatabaseUrl url) {
        return PgConnection.connect(vertx, connectOptions(url.withDatabase("postgres"), "bootstrap"))
                .timeout(START_ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .compose(conn -> createIfMissing(conn, url).eventually(conn::close));
    }

    private static Future<Void> createIfMissing(PgConnection conn, DatabaseUrl url) {
        return conn.preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1")
                .execute(Tuple.of(url.database()))
                .timeout(START_ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .compose(rows -> rows.size() > 0
                        ? Future.<Void>succeededFuture()
                        : conn.query("CREATE DATABASE " + quoteIdentifier(url.database()))
                                .execute()
                                .<Void>mapEmpty()
                                // another instance may have created it in between: "already exists", or
                                // the catalogue's unique index when both created it at once (review)
                                .recover(err -> err instanceof PgException pg
                                                && ("42P04".equals(pg.getSqlState())
                                                        || "23505".equals(pg.getSqlState()))
                                        ? Future.succeededFuture()
                                        : Future.failedFuture(err)));
    }

    /**
     * Runs the versioned migrations in {@code db/migration}; blocking JDBC, so off the event loop. On one connection,
     * with a session lock: by default Flyway takes PostgreSQL's lock in a transaction of a second connection and
     * records each migration there, after the migration's own transaction committed, so a kill between the two left
     * a schema change without its history row, and every later start failed on "relation … already exists". On one
     * connection a migration and its history row commit together.
     */
    public static Future<Integer> migrate(Vertx vertx, DatabaseUrl url) {
        return vertx.executeBlocking(() -> {
            Flyway flyway = Flyway.configure()
                    .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                    // a login that hangs fails (no socket timeout: a long migration is not a hang)
                    .dataSource(
                            url.jdbcUrl() + "?loginTimeout=" + START_ANSWER_TIMEOUT_MS / 1000,
                            url.user(),
                            url.password())
                    .locations("classpath:db/migration")
                    .connectRetries(0)
                    .load();
            refuseNewerSchema(flyway);
            return flyway.migrate().migrationsExecuted;
        });
    }

    /**
     * A database a newer Hookline migrated: Flyway ignores migrations it does not know, and an older version started
     * on a schema it was not written for (review). Old and new versions do not share a database (operations.md).
     */
    private static void refuseNewerSchema(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        String known = null;
        String newer = null;
        for (MigrationInfo m : all) {
            boolean future =
                    m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED;
            if (m.getVersion() != null) {
                if (future) {
                    newer = m.getVersion().getVersion();
                } else {
                    known = m.getVersion().getVersion();
                }
            }
        }
        if (newer != null) {
            throw new NewerSchemaException("The database's schema is at version " + newer + ", migrated by a newer"
                    + " Hookline; this one knows versions up to " + known + ". Old and new versions do not share a"
                    + " database: start the newer version, or restore the backup taken before the upgrade");
        }
    }

    /** The database was migrated by a newer version; the message says what to do. */
    public static final class NewerSchemaException extends RuntimeException {
        NewerSchemaException(String message) {
            super(message, null, false, false);
        }
    }

    /** Succeeds when PostgreSQL answers a trivial query: the readiness check. */
    public static Future<Void> ping(Pool pool) {
        return pool.query("SELECT 1").execute().mapEmpty();
    }

    /**
     * How many connections this login may have to this database at once: the server's {@code max_connections} less
     * the slots kept for superusers (and, from PostgreSQL 16, for roles granted reserved connections), which Hookline
     * leaves to an administrator even when it connects as a superuser, and the role's and the database's own
     * connection limits, which a superuser is not held to.
     */
    public static Future<ConnectionLimit> connectionLimit(Pool pool) {
        return pool.query(CONNECTION_LIMIT).execute().map(rows -> {
            var row = rows.iterator().next();
            return new ConnectionLimit(
                    row.getInteger(0), row.getInteger(1), row.getInteger(2), row.getInteger(3), row.getBoolean(4));
        });
    }

    /** The limits PostgreSQL checks at login: the login role's ({@code session_user}), not a role set afterwards. */
    private static final String CONNECTION_LIMIT = """
      SELECT current_setting('max_connections')::int,
             current_setting('superuser_reserved_connections')::int
               + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),
             r.rolconnlimit, d.datconnlimit, r.rolsuper
      FROM pg_roles r, pg_database d WHERE r.rolname = session_user AND d.datname = current_database()""";

    /** The server's and the catalogue's limits on this login's connections to this database (-1: none). */
    public record ConnectionLimit(int max, int reserved, int role, int database, boolean superuser) {

        /** How many connections this login may hold to this database. */
        public int accepts() {
            int accepts = max - reserved;
            if (!superuser && role >= 0) {
                accepts = Math.min(accepts, role);
            }
            return !superuser && database >= 0 ? Math.min(accepts, database) : accepts;
        }

        /** The limit that binds, in words. */
        public String describe() {
            int server = max - reserved;
            if (!superuser && database >= 0 && database < server && database <= role(server)) {
                return "the database accepts at most " + database + " (its CONNECTION LIMIT)";
            }
            if (!superuser && role >= 0 && role < server) {
                return "the role accepts at most " + role + " (its CONNECTION LIMIT)";
            }
            return "the server accepts at most " + server + " (max_connections is " + max
                    + (reserved == 0 ? "" : ", " + reserved + " of them reserved") + ")";
        }

        private int role(int server) {
            return role >= 0 ? role : server;
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
