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
