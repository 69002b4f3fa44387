package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.app.Transports;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.hookline.testing.TcpProxy;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the process as an operator sees it: JSON log lines for each lifecycle event and never a configured
 * token or a webhook secret in them; start-up failures exit non-zero with one line saying what to fix.
 */
@Timeout(180)
class ProcessLifecycleIT {

    @Test
    void jsonLogsCoverTheLifecycleAndNeverContainTokensOrSecrets() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Receiver receiver = Receiver.start(vertx)) {
            HooklineProcess hookline =
                    HooklineProcess.start("json-logs", db.url(), Map.of("HOOKLINE_LOG_FORMAT", "json"));
            String ws = "logs-" + Events.uid().substring(0, 6);
            Http.json(
                    "PUT",
                    hookline.adminUrl("/v1/workspaces/" + ws),
                    Hookline.ADMIN_TOKEN,
                    new JsonObject().put("name", ws));
            String secret = Http.json(
                            "POST",
                            hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                            Hookline.ADMIN_TOKEN,
                            new JsonObject().put("url", receiver.url()).put("event_type", "message:new"))
                    .json()
                    .getString("secret");
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(Http.json("POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                            .status())
                    .isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20));
            assertThat(hookline.terminate(20_000)).isZero();

            List<String> lines =
                    hookline.log().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonObject json = new JsonObject(line);
                assertThat(json.getString("level")).isNotBlank();
                assertThat(json.getString("formattedMessage")).isNotNull();
            }
            String all = String.join("\n", lines);
            assertThat(all)
                    .contains("Hookline")
                    .contains("started")
                    .contains("event loops 2 (" + Transports.choose("auto").name() + ")")
                    .contains("Shutting down")
                    .contains("Stopped gracefully")
                    .doesNotContain(Hookline.ADMIN_TOKEN)
                    .doesNotContain(Hookline.INGEST_TOKEN)
                    .doesNotContain(secret)
                    .doesNotContain(secret.substring("whsec_".length()));
        } finally {
            Await.result(vertx.close());
        }
    }

    /**
     * A stop while PostgreSQL is unreachable cannot write the watermark or what is buffered: it still ends within its
     * deadline, but exits 1 with a line saying so, so that a supervisor sees it (it exited 0, as after a clean stop).
     */
    @Test
    void aStopWhilePostgresqlIsUnreachableExits1SayingWorkWasLeftUndone() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Receiver receiver = Receiver.start(vertx);
                TcpProxy proxy = TcpProxy.start(vertx, db.host(), db.port())) {
            HooklineProcess hookline = HooklineProcess.start(
                    "stop-outage",
                    db.urlVia("127.0.0.1", proxy.port()),
                    Map.of("HOOKLINE_SHUTDOWN_DEADLINE_MS", "1500"));
            String ws = "stop-" + Events.uid().substring(0, 6);
            Http.json(
                    "PUT",
                    hookline.adminUrl("/v1/workspaces/" + ws),
                    Hookline.ADMIN_TOKEN,
                    new JsonObject().put("name", ws));
            Http.json(
                    "POST",
                    hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                    Hookline.ADMIN_TOKEN,
                    new JsonObject().put("url", receiver.url()).put("event_type", "message:new"));
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(Http.json("POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                            .status())
                    .isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20));

            proxy.cut();
            assertThat(hookline.terminate(30_000)).isEqualTo(1);
            assertThat(hookline.log())
                    .contains("Shutting down")
                    .contains("Stopped with work left undone")
                    .doesNotContain("Stopped gracefully");
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void aBadSettingExits2WithOneLineNamingIt() throws Exception {
        HooklineProcess.Exit exit = HooklineProcess.runToExit(Map.of("HOOKLINE_ADMIN_PORT", "eighty"), 30_000);

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output().strip().lines()).hasSize(1);
        assertThat(exit.output()).contains("HOOKLINE_ADMIN_PORT").contains("eighty");
    }

    @Test
    void aBindAddressThisMachineDoesNotHaveExits1WithOneLineNamingTheSetting() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            HooklineProcess.Exit exit = HooklineProcess.runToExit(
                    Map.of(
                            "HOOKLINE_DB_URL",
                            db.url(),
                            "HOOKLINE_BIND_ADDRESS",
                            "192.0.2.1",
                            "HOOKLINE_ADMIN_TOKEN",
                            "x",
                            "HOOKLINE_INGEST_TOKENS",
                            "y"),
                    60_000);

            assertThat(exit.code()).isEqualTo(1);
            List<String> lines = exit.output()
                    .strip()
                    .lines()
                    .filter(l -> l.startsWith("hookline:"))
                    .toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0))
                    .startsWith("hookline: could not start:")
                    .contains("192.0.2.1")
                    .contains("HOOKLINE_BIND_ADDRESS");
        }
    }

    @Test
    void anUnreachableDatabaseExits1WithOneLineSayingWhatToFix() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HooklineProcess.Exit exit = HooklineProcess.runToExit(
                Map.of(
                        "HOOKLINE_DB_URL",
                        "postgresql://postgres@127.0.0.1:" + closed + "/hookline",
                        "HOOKLINE_ADMIN_TOKEN",
                        "x",
                        "HOOKLINE_INGEST_TOKENS",
                        "y"),
                60_000);

        assertThat(exit.code()).isEqualTo(1);
        List<String> lines = exit.output().strip().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .startsWith("hookline: could not start:")
                .contains("127.0.0.1:" + closed)
                .contains("HOOKLINE_DB_URL");
    }

    /** A server that accepts the connection and never answers: the start gives up with one line (it waited forever). */
    @Test
    void aDatabaseThatNeverAnswersExits1WithinTheStartTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // the kernel accepts; nothing ever reads or answers
            int port = silent.getLocalPort();
            HooklineProcess.Exit exit = HooklineProcess.runToExit(
                    Map.of(
                            "HOOKLINE_DB_URL",
                            "postgresql://postgres@127.0.0.1:" + port + "/hookline",
                            "HOOKLINE_ADMIN_TOKEN",
                            "x",
                            "HOOKLINE_INGEST_TOKENS",
                            "y"),
                    60_000);

            assertThat(exit.code()).isEqualTo(1);
            List<String> lines = exit.output().strip().lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0))
                    .startsWith("hookline: could not start: PostgreSQL at postgresql://postgres@127.0.0.1:" + port)
                    .contains("did not answer within 10 s")
                    .contains("HOOKLINE_DB_URL");
        }
    }

    /** With the embedded server, an address this machine lacks stops the start before a data directory is made. */
    @Test
    void aBindAddressThisMachineLacksWithTheEmbeddedServerLeavesNoDataDirectoryBehind(@TempDir Path tmp)
            throws Exception {
        Path dataDir = tmp.resolve("hookline-data");
        HooklineProcess.Exit exit = HooklineProcess.runToExit(
                Map.of("HOOKLINE_DATA_DIR", dataDir.toString(), "HOOKLINE_BIND_ADDRESS", "192.0.2.1"), 60_000);

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.output().strip())
                .startsWith("hookline: could not start: the ingest listener cannot listen on 192.0.2.1:")
                .contains("HOOKLINE_BIND_ADDRESS")
                .doesNotContain("\n");
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void aPortInUseExits1WithOneLineNamingTheListenerAndThePort() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            HooklineProcess.Exit exit = HooklineProcess.runToExit(
                    Map.of(
                            "HOOKLINE_DB_URL",
                            db.url(),
                            "HOOKLINE_INGEST_PORT",
                            Integer.toString(port),
                            "HOOKLINE_ADMIN_PORT",
                            "0",
                            "HOOKLINE_ADMIN_TOKEN",
                            "x",
                            "HOOKLINE_INGEST_TOKENS",
                            "y"),
                    60_000);

            assertThat(exit.code()).isEqualTo(1);
            List<String> lines = exit.output()
                    .strip()
                    .lines()
                    .filter(l -> l.startsWith("hookline:"))
                    .toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0))
                    .startsWith("hookline: could not start: the ingest listener cannot listen on")
                    .contains(":" + port + ": port " + port + " is already in use")
                    .contains("HOOKLINE_INGEST_PORT");
        }
    }

    /** With the embedded server, a taken port stops the start before the data directory is used: none is left. */
    @Test
    void aTakenPortWithTheEmbeddedServerLeavesNoDataDirectoryBehind(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("hookline-data");
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            HooklineProcess.Exit exit = HooklineProcess.runToExit(
                    Map.of(
                            "HOOKLINE_DATA_DIR",
                            dataDir.toString(),
                            "HOOKLINE_INGEST_PORT",
                            Integer.toString(port),
                            "HOOKLINE_ADMIN_PORT",
                            "0"),
                    60_000);

            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.output().strip())
                    .isEqualTo("hookline: could not start: the ingest listener cannot listen on 0.0.0.0:" + port
                            + ": port " + port + " is already in use (another process, or another Hookline, listens "
                            + "there); stop it or set HOOKLINE_INGEST_PORT to a free port");
            assertThat(dataDir).doesNotExist();
        }
    }

    /**
     * A taken port is found before anything else starts: no migration, no background pass (which used to log a
     * warning about its pool closing under it), nothing registered in the database.
     */
    @Test
    void aTakenAdminPortStopsTheStartBeforeItTouchesTheDatabase() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            HooklineProcess.Exit exit = HooklineProcess.runToExit(
                    Map.of(
                            "HOOKLINE_DB_URL",
                            db.url(),
                            "HOOKLINE_INGEST_PORT",
                            "0",
                            "HOOKLINE_ADMIN_PORT",
                            Integer.toString(port),
                            "HOOKLINE_ADMIN_TOKEN",
                            "x",
                            "HOOKLINE_INGEST_TOKENS",
                            "y"),
                    60_000);

            assertThat(exit.code()).isEqualTo(1);
            assertThat(exit.output().strip())
                    .isEqualTo("hookline: could not start: the admin listener cannot listen on 0.0.0.0:" + port
                            + ": port " + port + " is already in use (another process, or another Hookline, listens "
                            + "there); stop it or set HOOKLINE_ADMIN_PORT to a free port");
            try (Connection c = db.connect();
                    ResultSet tables = c.getMetaData().getTables(null, "public", "instances", null)) {
                assertThat(tables.next()).as("no migration ran").isFalse();
            }
        }
    }

    /**
     * SIGTERM while the start waits on the database (here: on the migration's table, locked by the test) ends it with
     * exit 0 and no error: before, the interrupted start was reported as "could not start: Verticle un-deployed" with
     * stack traces, and the process exited 1 or 0 depending on which path won.
     */
    @Test
    void aStopAskedForDuringTheStartEndsItQuietlyWithExit0() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Vertx vertx = Vertx.vertx();
            try {
                Await.result(io.hookline.store.Database.migrate(vertx, io.hookline.config.DatabaseUrl.parse(db.url())));
            } finally {
                Await.result(vertx.close());
            }
            try (Connection lock = db.connect()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
                try (HooklineProcess hookline = HooklineProcess.launchOnly("stop-during-start", db.url())) {
                    Await.until("the start waits on the locked table", Duration.ofSeconds(60), () -> waitingOnLock(db));

                    hookline.terminateAsync();
                    Receiver.sleep(500);
                    lock.rollback(); // the start goes on while the stop runs
                    int code = hookline.awaitExit(60_000);

                    assertThat(code).as(hookline.log()).isZero();
                    assertThat(hookline.log()).doesNotContain("could not start").doesNotContain("Exception");
                }
            }
        }
    }

    /**
     * SIGTERM once the schema is migrated, while the start registers the instance (waiting here on the locked
     * {@code instances} table): the start is finished, then stopped as any running instance is, with its lines.
     * Before, the stop closed everything under the start: an ERROR "Promise already completed" with its stack and no
     * line saying what became of the start (black-box review).
     */
    @Test
    void aStopAskedForAfterTheMigrationFinishesTheStartThenStopsWithItsLines() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Vertx vertx = Vertx.vertx();
            try {
                Await.result(io.hookline.store.Database.migrate(vertx, io.hookline.config.DatabaseUrl.parse(db.url())));
            } finally {
                Await.result(vertx.close());
            }
            try (Connection lock = db.connect()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE instances IN ACCESS EXCLUSIVE MODE");
                try (HooklineProcess hookline = HooklineProcess.launchOnly("stop-while-registering", db.url())) {
                    Await.until("the start waits on the locked table", Duration.ofSeconds(60), () -> waitingOnLock(db));

                    hookline.terminateAsync();
                    Receiver.sleep(500);
                    lock.rollback();
                    int code = hookline.awaitExit(60_000);

                    assertThat(code).as(hookline.log()).isZero();
                    assertThat(hookline.log())
                            .contains("Stop asked for during the start")
                            .contains("Stopped gracefully")
                            .doesNotContain("ERROR")
                            .doesNotContain("Exception");
                }
            }
        }
    }

    /**
     * A start that does not finish within the shutdown deadline after SIGTERM (its migration waits on a lock held
     * throughout) is abandoned with one line and exit 1: the stop ran under it (an ERROR with a stack) and exited 0.
     */
    @Test
    void aStartThatDoesNotFinishWithinTheDeadlineAfterAStopIsAbandonedWithExit1() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Vertx vertx = Vertx.vertx();
            try {
                Await.result(io.hookline.store.Database.migrate(vertx, io.hookline.config.DatabaseUrl.parse(db.url())));
            } finally {
                Await.result(vertx.close());
            }
            try (Connection lock = db.connect()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
                try (HooklineProcess hookline = HooklineProcess.launchOnly(
                        "stop-start-abandoned", db.url(), Map.of("HOOKLINE_SHUTDOWN_DEADLINE_MS", "1500"))) {
                    Await.until("the start waits on the locked table", Duration.ofSeconds(60), () -> waitingOnLock(db));

                    hookline.terminateAsync();
                    int code = hookline.awaitExit(30_000);

                    assertThat(code).as(hookline.log()).isEqualTo(1);
                    assertThat(hookline.log())
                            .contains("the start did not finish within HOOKLINE_SHUTDOWN_DEADLINE_MS (1500 ms)")
                            .doesNotContain("Exception");
                }
                lock.rollback();
            }
        }
    }

    private static boolean waitingOnLock(TestDatabase db) {
        try (Connection c = db.connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                + "AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
