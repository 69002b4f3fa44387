package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Verifies start-up: the database is created and migrated when missing; an unreachable one, or a listener port already
 * in use, is a clear failure.
 */
@Timeout(120)
class StartupTest {

    @Test
    void createsAndMigratesAMissingDatabase() throws Exception {
        String url = TestDatabase.unusedUrl();
        try (Hookline hookline = Hookline.start(url)) {
            assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null).status())
                    .isEqualTo(200);
            // a transaction left idle by an instance cut off mid-way releases its locks within a minute (code review)
            assertThat(io.hookline.testing.Await.result(hookline.app()
                                    .pool()
                                    .query("SHOW idle_in_transaction_session_timeout")
                                    .execute())
                            .iterator()
                            .next()
                            .getString(0))
                    .isEqualTo("1min");
            java.net.URI uri = java.net.URI.create(url);
            try (Connection conn = DriverManager.getConnection(
                            "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
                            "postgres",
                            null);
                    ResultSet rs = conn.createStatement()
                            .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(2);
            }
        } finally {
            TestDatabase.drop(url);
        }
    }

    /**
     * A database a newer version migrated: Flyway ignores migrations it does not know, and an older Hookline started
     * on a schema it was not written for (review). It is refused, saying which versions and what to do.
     */
    @Test
    void aDatabaseMigratedByANewerVersionIsRefusedSayingWhatToDo() throws Exception {
        String url = TestDatabase.unusedUrl();
        try {
            Hookline.start(url).close();
            java.net.URI uri = java.net.URI.create(url);
            String known;
            try (Connection conn = DriverManager.getConnection(
                    "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), "postgres", null)) {
                try (ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT max(version::int)::text FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    known = rs.getString(1);
                }
                conn.createStatement()
                        .execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
                                + "script, checksum, installed_by, execution_time, success) SELECT max(installed_rank)"
                                + " + 1, '999', 'from a newer version', 'SQL', 'V999__from_a_newer_version.sql', 1, "
                                + "'postgres', 1, true FROM flyway_schema_history");
            }
            assertThatThrownBy(() -> Hookline.start(url).close())
                    .hasMessageContaining("The database's schema is at version 999, migrated by a newer Hookline; "
                            + "this one knows versions up to " + known)
                    .hasMessageContaining("start the newer version, or restore the backup taken before the upgrade");
        } finally {
            TestDatabase.drop(url);
        }
    }

    /**
     * A database migrated by a build whose migration 6 differed from this one's: Flyway refuses it, and the start said
     * only "Migrations have failed validation; check the server's log" (an outside review). It names the migration.
     */
    @Test
    void aDatabaseWhoseAppliedMigrationDiffersIsRefusedNamingIt() throws Exception {
        String url = TestDatabase.unusedUrl();
        try {
            Hookline.start(url).close();
            java.net.URI uri = java.net.URI.create(url);
            try (Connection conn = DriverManager.getConnection(
                    "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), "postgres", null)) {
                conn.createStatement()
                        .execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '6'");
            }
            assertThatThrownBy(() -> Hookline.start(url).close())
                    .rootCause()
                    .hasMessageContaining(
                            ": migration 6 was applied by a build whose migration differs from this" + " one's")
                    .hasMessageContaining("start the build that created it, or start this one on an empty database")
                    .hasMessageNotContaining("\n");
        } finally {
            TestDatabase.drop(url);
        }
    }

    @Test
    void anUnreachableDatabaseFailsStartWithAMessageSayingWhatToFix() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "postgresql://postgres@127.0.0.1:" + closed + "/hookline";
        assertThatThrownBy(() -> Hookline.start(url).close())
                .hasMessageContaining("127.0.0.1:" + closed)
                .hasMessageContaining("HOOKLINE_DB_URL");
    }

    /**
     * An instance that may need more connections than PostgreSQL accepts is refused before it opens them: it used to
     * start, take every connection of the server (other clients then got "too many clients") and fail under load.
     */
    @Test
    void moreConnectionsThanTheServerAcceptsFailsStartSayingWhatToLower() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            int max = setting(db, "max_connections");
            int reserved = setting(db, "superuser_reserved_connections");
            int accepts = max - reserved;
            // each loop takes at least two, and Hookline five of its own (HOOKLINE_EVENT_LOOPS is at most 256; the
            // servers here accept 97 to 297)
            int loops = Math.min(256, (accepts - 5) / 2 + 1);
            assertThat(loops * 2 + 5).isGreaterThan(accepts);
            assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("event_loops", loops))
                            .close())
                    .rootCause()
                    .hasMessage("Hookline may open up to " + (loops * 2 + 5) + " connections to PostgreSQL (" + loops
                            + " event loops x 2, plus 5 of its own), but the server accepts at most " + accepts
                            + " (max_connections is " + max
                            + (reserved == 0 ? "" : ", " + reserved + " of them reserved")
                            + "); lower HOOKLINE_EVENT_LOOPS or HOOKLINE_DB_POOL_SIZE (each "
                            + "event loop takes an even share of the pool, at least 2), or let the server accept more "
                            + "connections");
            // one event loop with a pool that large is as much too many
            assertThatThrownBy(() -> Hookline.start(
                                    db.url(),
                                    new JsonObject().put("event_loops", 1).put("db_pool_size", accepts - 4))
                            .close())
                    .rootCause()
                    .hasMessageStartingWith(
                            "Hookline may open up to " + (accepts + 1) + " connections to PostgreSQL (1 "
                                    + "event loop x " + (accepts - 4) + ", plus 5 of its own)");
            // exactly as many as the server accepts starts
            try (Hookline hookline = Hookline.start(
                    db.url(), new JsonObject().put("event_loops", 1).put("db_pool_size", accepts - 5))) {
                assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null)
                                .status())
                        .isEqualTo(200);
            }
        }
    }

    /**
     * For a role that is no superuser, its own CONNECTION LIMIT binds too. With one event loop per core chosen
     * automatically, Hookline runs on as many loops as fit (and says so) rather than refusing to start; a number of
     * loops the operator set is refused.
     */
    @Test
    void aRolesConnectionLimitBindsAndAutomaticEventLoopsShrinkToFitIt() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores for two automatic event loops");
        String role = "hl_budget_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.create()) {
            String name = java.net.URI.create(db.url()).getPath().substring(1);
            // 8: one event loop with a pool of 2, plus 5 of Hookline's own, fits; two loops (2 + 2 + 5) do not
            execute(db, "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 8");
            execute(db, "ALTER DATABASE " + name + " OWNER TO " + role);
            try {
                java.net.URI uri = java.net.URI.create(db.url());
                String url = "postgresql://" + role + "@" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
                assertThatThrownBy(() -> Hookline.start(
                                        url,
                                        new JsonObject().put("event_loops", 2).put("db_pool_size", 2))
                                .close())
                        .rootCause()
                        .hasMessageStartingWith("Hookline may open up to 9 connections to PostgreSQL (2 event loops x "
                                + "2, plus 5 of its own), but the role accepts at most 8 (its CONNECTION LIMIT); lower "
                                + "HOOKLINE_EVENT_LOOPS or HOOKLINE_DB_POOL_SIZE");

                ListAppender<ILoggingEvent> logged = new ListAppender<>();
                logged.start();
                Logger budget = (Logger) LoggerFactory.getLogger("io.hookline.app.ConnectionBudget");
                budget.addAppender(logged);
                try (Hookline hookline = Hookline.start(
                        url, new JsonObject().put("event_loops", 0).put("db_pool_size", 2))) {
                    assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null)
                                    .status())
                            .isEqualTo(200);
                } finally {
                    budget.detachAppender(logged);
                }
                assertThat(logged.list)
                        .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                        .containsExactly("WARN PostgreSQL accepts at most 8 connections here (the role accepts at most "
                                + "8 (its CONNECTION LIMIT)): ingest and delivery run on 1 event loop instead of one per "
                                + "core (" + Runtime.getRuntime().availableProcessors() + "), with 2 connections each; "
                                + "let the server accept more connections, or set HOOKLINE_EVENT_LOOPS");
            } finally {
                execute(db, "ALTER DATABASE " + name + " OWNER TO CURRENT_USER");
                execute(db, "REASSIGN OWNED BY " + role + " TO CURRENT_USER");
                execute(db, "DROP ROLE " + role);
            }
        }
    }

    /**
     * A server that answers but refuses is not "unreachable": a role that may not create the missing database, or may
     * not create tables in the existing one, is told which privilege to grant, in one line (review).
     */
    @Test
    void aRoleWithoutThePrivilegesToPrepareTheDatabaseIsToldWhichToGrant() throws Exception {
        String role = "hl_budget_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.create()) {
            execute(db, "CREATE ROLE " + role + " LOGIN NOCREATEDB");
            try {
                java.net.URI uri = java.net.URI.create(db.url());
                String server = "postgresql://" + role + "@" + uri.getHost() + ":" + uri.getPort();
                String missing = "hl_missing_" + UUID.randomUUID().toString().substring(0, 8);
                assertThatThrownBy(() -> Hookline.start(server + "/" + missing).close())
                        .rootCause()
                        .hasMessageContaining("refused to prepare database '" + missing + "' (permission denied to"
                                + " create database); create database '" + missing + "' yourself, or give user '" + role
                                + "' the CREATEDB privilege")
                        .hasMessageNotContaining("not reachable");

                String existing = uri.getPath().substring(1);
                execute(db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
                assertThatThrownBy(() -> Hookline.start(server + "/" + existing).close())
                        .rootCause()
                        .hasMessageStartingWith("Could not migrate database '" + existing + "'")
                        .hasMessageContaining("permission denied for schema public")
                        .hasMessageEndingWith("give user '" + role + "' the CREATE privilege on schema public of"
                                + " database '" + existing + "', or make it the database's owner")
                        .hasMessageNotContaining("\n");
            } finally {
                execute(db, "DROP OWNED BY " + role);
                execute(db, "DROP ROLE " + role);
            }
        }
    }

    /** Instances started at once on a database that does not exist yet all start (one creates it). */
    @Test
    void instancesCreatingTheSameMissingDatabaseAtOnceAllGetIt() throws Exception {
        String url = TestDatabase.unusedUrl();
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.hookline.config.DatabaseUrl parsed = io.hookline.config.DatabaseUrl.parse(url);
            java.util.List<io.vertx.core.Future<Void>> starts = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                starts.add(io.hookline.store.Database.ensureExists(vertx, parsed));
            }
            io.vertx.core.Future.join(starts)
                    .transform(ar -> io.vertx.core.Future.succeededFuture())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
            assertThat(starts)
                    .allSatisfy(f -> assertThat(f.succeeded())
                            .as(String.valueOf(f.cause()))
                            .isTrue());
        } finally {
            io.hookline.testing.Await.result(vertx.close());
            TestDatabase.drop(url);
        }
    }

    private static int setting(TestDatabase db, String name) throws Exception {
        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement().executeQuery("SELECT current_setting('" + name + "')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection conn = db.connect()) {
            conn.createStatement().execute(sql);
        }
    }

    @Test
    void aTakenIngestPortFailsStartNamingTheIngestListenerAndItsPort() throws IOException {
        try (TestDatabase db = TestDatabase.create();
                ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("ingest_port", port))
                            .close())
                    .hasMessageContaining("the ingest listener cannot listen on 0.0.0.0:" + port)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("HOOKLINE_INGEST_PORT");
        }
    }

    @Test
    void aTakenAdminPortFailsStartNamingTheAdminListenerAndItsPort() throws IOException {
        try (TestDatabase db = TestDatabase.create();
                ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("admin_port", port))
                            .close())
                    .hasMessageContaining("the admin listener cannot listen on 0.0.0.0:" + port)
                    .hasMessageContaining("port " + port + " is already in use")
                    .hasMessageContaining("HOOKLINE_ADMIN_PORT");
        }
    }
}
