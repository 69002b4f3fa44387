package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
            int[] limit = serverLimit(db.url());
            int accepts = limit[0] - limit[1];
            // each loop takes at least two, and Hookline five of its own: over the limit (HOOKLINE_EVENT_LOOPS is at
            // most
            // 256; the servers here accept 97 to 300)
            int loops = Math.min(256, accepts / 2);
            assertThat(loops * 2 + 5).isGreaterThan(accepts);
            assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("event_loops", loops))
                            .close())
                    .rootCause()
                    .hasMessage("Hookline may open up to " + (loops * 2 + 5) + " connections to PostgreSQL (" + loops
                            + " event loops × 2, plus 5 of its own), but the server accepts at most " + accepts
                            + " (max_connections is " + limit[0]
                            + (limit[1] == 0 ? "" : ", " + limit[1] + " of them reserved") + "); lower "
                            + "HOOKLINE_EVENT_LOOPS or HOOKLINE_DB_POOL_SIZE (each event loop takes an even share of "
                            + "the pool, at least 2), or let the server accept more connections");
            // an even share of a pool that large is as much too many
            assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("db_pool_size", accepts))
                            .close())
                    .rootCause()
                    .hasMessageStartingWith("Hookline may open up to " + (accepts + 5) + " connections");
            // one connection short of the limit starts
            try (Hookline hookline = Hookline.start(
                    db.url(), new JsonObject().put("event_loops", 2).put("db_pool_size", accepts - 5))) {
                assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null)
                                .status())
                        .isEqualTo(200);
            }
        }
    }

    /** The server's max_connections and the slots a role that is no superuser cannot have. */
    private static int[] serverLimit(String url) throws Exception {
        java.net.URI uri = java.net.URI.create(url);
        try (Connection conn = DriverManager.getConnection(
                        "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(), "postgres", null);
                ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT current_setting('max_connections')::int, "
                                + "current_setting('superuser_reserved_connections')::int, rolsuper "
                                + "FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getBoolean(3) ? 0 : rs.getInt(2)};
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
