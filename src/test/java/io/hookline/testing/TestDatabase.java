package io.hookline.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL the tests use, picked in order: {@code HOOKLINE_TEST_DB_URL}; Testcontainers when a Docker daemon
 * answers; the local server at {@code postgresql://postgres@127.0.0.1:5432/postgres} (unless
 * {@link #skipLocalProbe()}); finally Hookline's embedded PostgreSQL ({@link EmbeddedTestServer}), so the suite needs
 * nothing but Java and Maven. Each test class gets a fresh database, dropped afterwards.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres";
    private static volatile String serverUrl;

    private final String server;
    private final String name;

    private TestDatabase(String server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates a fresh, empty database (Hookline migrates it at start). */
    public static TestDatabase create() {
        String server = server();
        String name =
                "hookline_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(server, "CREATE DATABASE " + name);
        return new TestDatabase(server, name);
    }

    /** A database name that does not exist yet (Hookline must create it). */
    public static String unusedUrl() {
        return withDatabase(
                server(),
                "hookline_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    /** Drops a database a test had Hookline create. */
    public static void drop(String url) {
        String name = java.net.URI.create(url).getPath().substring(1);
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public String url() {
        return withDatabase(server, name);
    }

    /** The same database reached through another host and port (e.g. a TCP proxy in front of it). */
    public String urlVia(String host, int port) {
        java.net.URI uri = java.net.URI.create(url());
        String user = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        return "postgresql://" + user + host + ":" + port + uri.getPath();
    }

    public String host() {
        return java.net.URI.create(server).getHost();
    }

    public int port() {
        int port = java.net.URI.create(server).getPort();
        return port == -1 ? 5432 : port;
    }

    /**
     * Makes the server refuse new connections to this database ({@code ALLOW_CONNECTIONS false}, SQLSTATE 55000) and
     * ends the open ones, or accepts them again: an outage in which PostgreSQL itself answers.
     */
    public void refuseConnections(boolean refuse) {
        execute(server, "ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + !refuse);
        if (refuse) {
            execute(server, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        }
    }

    /** A JDBC connection for assertions on what was stored. */
    public Connection connect() throws SQLException {
        return jdbc(url());
    }

    @Override
    public void close() {
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    static synchronized String server() {
        if (serverUrl == null) {
            serverUrl = pick();
            org.slf4j.LoggerFactory.getLogger(TestDatabase.class)
                    .info("Tests use PostgreSQL at {}", serverUrl.replaceAll(":[^:@/]*@", ":***@"));
        }
        return serverUrl;
    }

    private static String pick() {
        String configured = System.getenv("HOOKLINE_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String fromContainer = Containers.postgresIfDockerAnswers();
        if (fromContainer != null) {
            return fromContainer;
        }
        if (!skipLocalProbe()) {
            try (Connection ignored = jdbc(LOCAL)) {
                return LOCAL;
            } catch (SQLException nothingThere) {
                // fall through to the embedded server
            }
        }
        return EmbeddedTestServer.url();
    }

    /**
     * {@code HOOKLINE_TEST_SKIP_LOCAL_PG=true} (or {@code -Dhookline.test.skipLocalPg=true}): behave as if nothing
     * listened on 127.0.0.1:5432, so the embedded server is used even where a local one runs (CI proves the
     * fallback that way, without stopping a server others use).
     */
    static boolean skipLocalProbe() {
        return Boolean.parseBoolean(System.getenv("HOOKLINE_TEST_SKIP_LOCAL_PG"))
                || Boolean.getBoolean("hookline.test.skipLocalPg");
    }

    static String withDatabase(String url, String database) {
        java.net.URI uri = java.net.URI.create(url);
        String user = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return "postgresql://" + user + uri.getHost() + ":" + port + "/" + database;
    }

    static Connection jdbc(String url) throws SQLException {
        java.net.URI uri = java.net.URI.create(url);
        String user = "postgres";
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath(), user, password);
    }

    private static void execute(String url, String sql) {
        try (Connection conn = jdbc(url);
                Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql.toLowerCase(Locale.ROOT) + " failed: " + e.getMessage(), e);
        }
    }
}
