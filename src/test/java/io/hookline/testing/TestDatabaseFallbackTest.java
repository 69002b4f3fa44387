package io.hookline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Proves the last step of the fixture's order (a fresh machine needs only Java and Maven): with nothing configured and the local probe skipped,
 * as on a machine with only Java and Maven, the tests get Hookline's embedded PostgreSQL. {@code .ci/run} runs this
 * with {@code HOOKLINE_TEST_SKIP_LOCAL_PG=true}; elsewhere it is skipped.
 */
class TestDatabaseFallbackTest {

    @Test
    void withNothingConfiguredAndTheLocalProbeSkippedTheTestsRunOnTheEmbeddedServer() throws Exception {
        String configured = System.getenv("HOOKLINE_TEST_DB_URL");
        assumeTrue(
                TestDatabase.skipLocalProbe() && (configured == null || configured.isBlank()),
                "runs with HOOKLINE_TEST_SKIP_LOCAL_PG=true and HOOKLINE_TEST_DB_URL unset");
        assumeTrue(Containers.postgresIfDockerAnswers() == null, "a Docker daemon answers: Testcontainers comes first");
        try (TestDatabase db = TestDatabase.create();
                Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT current_setting('server_version'), current_setting('data_directory')")) {
            assertThat(db.port()).isNotEqualTo(5432);
            rs.next();
            assertThat(rs.getString(1)).startsWith("17.");
            assertThat(rs.getString(2)).endsWith("/postgres");
        }
    }
}
