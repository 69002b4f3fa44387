package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.config.DatabaseUrl;
import io.hookline.testing.Await;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that a migration and its row in Flyway's history commit together: when the history row's commit fails
 * (standing in for a kill between the two), the migration's schema change is not left behind, so the next start
 * applies it again instead of failing on "relation … already exists" at every start from then on.
 */
@Timeout(120)
class MigrationAtomicityTest {

    @Test
    void aMigrationWhoseHistoryRowIsNotWrittenLeavesNothingBehindAndIsAppliedAtTheNextStart() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            DatabaseUrl url = DatabaseUrl.parse(db.url());
            Flyway.configure()
                    .dataSource(url.jdbcUrl(), url.user(), url.password())
                    .locations("classpath:db/migration")
                    .target("1")
                    .load()
                    .migrate();
            try (Connection conn = db.connect();
                    Statement st = conn.createStatement()) {
                st.execute(
                        "CREATE FUNCTION refuse_v2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "IF NEW.version = '2' THEN RAISE EXCEPTION 'history row refused'; END IF; RETURN NEW; END $$");
                // checked when the history row's transaction commits: where that is not the migration's own
                // transaction, the migration has committed by then, as when a kill falls between the two commits
                st.execute("CREATE CONSTRAINT TRIGGER refuse_v2 AFTER INSERT ON flyway_schema_history "
                        + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_v2()");
            }

            assertThatThrownBy(() -> Await.result(Database.migrate(vertx, url)))
                    .hasStackTraceContaining("history row refused");
            assertThat(tableExists(db, "workspace_tokens"))
                    .as("V2's table, whose history row was refused")
                    .isFalse();

            try (Connection conn = db.connect();
                    Statement st = conn.createStatement()) {
                st.execute("DROP TRIGGER refuse_v2 ON flyway_schema_history");
            }
            assertThat(Await.result(Database.migrate(vertx, url)))
                    .as("V2 onwards, applied now")
                    .isPositive();
            assertThat(tableExists(db, "workspace_tokens")).isTrue();
        } finally {
            Await.result(vertx.close());
        }
    }

    private static boolean tableExists(TestDatabase db, String table) throws Exception {
        try (Connection conn = db.connect();
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
