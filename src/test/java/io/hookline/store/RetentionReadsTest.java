package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention runs every hour on tables that hold the whole retention period. It deletes what is old and reads about as
 * much as it deletes: a run with nothing (more) to delete must not walk the journal or the attempts. Measured as the
 * buffers PostgreSQL's own {@code EXPLAIN (ANALYZE, BUFFERS)} reports for the statements a run executes.
 */
class RetentionReadsTest {

    private static final int YOUNG = 20_000;

    private final Vertx vertx = Vertx.vertx();
    private final MigratedDatabase db = MigratedDatabase.create(vertx);

    @AfterEach
    void close() {
        db.close();
        Await.result(vertx.close());
    }

    @Test
    void aRunDeletesTheOldRowsAndReadsOnlyAHandfulOfPagesOnceNothingIsOld() throws Exception {
        try (Connection c = db.db().connect();
                Statement st = c.createStatement()) {
            st.execute(journal("old", 3, "now() - interval '11 days'"));
            st.execute(journal("young", YOUNG, "now()"));
            st.execute(attempts());
            // what autovacuum's analyze keeps up to date on tables this size
            st.execute("ANALYZE events, attempts");
        }

        Map<String, Long> deleted = Await.result(new Retention(db.pool(), Clock.systemUTC(), 10).purge());
        assertThat(deleted).containsEntry("attempts", 3L).containsEntry("events", 3L);
        assertThat(Await.result(new Retention(db.pool(), Clock.systemUTC(), 10).purge())
                        .values())
                .containsOnly(0L);

        try (Connection c = db.db().connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            long firstKept;
            try (ResultSet rs = st.executeQuery(Journal.FIRST_KEPT.replace("$1", "now() - interval '10 days'"))) {
                assertThat(rs.next()).isTrue();
                firstKept = rs.getLong(1);
            }
            st.execute("PREPARE purge_attempts(timestamptz, int, bigint) AS " + AttemptLog.PURGE);
            st.execute("PREPARE purge_events(timestamptz, int, bigint) AS " + Journal.PURGE);
            String args = "(now() - interval '10 days', " + Retention.BATCH + ", " + firstKept + ")";
            assertThat(PagesRead.of(st, "EXECUTE purge_attempts" + args))
                    .as("pages the attempts' purge reads with %d young attempts", YOUNG)
                    .isLessThan(20);
            assertThat(PagesRead.of(st, "EXECUTE purge_events" + args))
                    .as("pages the journal's purge reads with %d young events", YOUNG)
                    .isLessThan(20);
            assertThat(PagesRead.of(st, Journal.FIRST_KEPT.replace("$1", "now() - interval '10 days'")))
                    .isLessThan(10);
            c.rollback();
        }
    }

    /** {@code n} message events received at {@code at}, in one statement, in sequence order. */
    private static String journal(String prefix, int n, String at) {
        return "INSERT INTO events (workspace_id, id, kind, fires, message_uid, body, received_at) "
                + "SELECT 'ws', '" + prefix + "-' || i, 'message', 'message:new', '" + prefix + "-uid-' || i, "
                + "convert_to(repeat('x', 300), 'UTF8'), " + at + " FROM generate_series(1, " + n + ") i ORDER BY i";
    }

    /** One attempt per event, made when the event arrived. */
    private static String attempts() {
        return "INSERT INTO attempts (webhook_id, workspace_id, event_seq, event_id, event_type, format, url, "
                + "attempted_at, duration_ms, success, status_code, response_headers, response_body) "
                + "SELECT '00000000-0000-0000-0000-000000000001', e.workspace_id, e.seq, e.id, 'message:new', 'v2', "
                + "'https://receiver.example/hook', e.received_at, 12, true, 200, '{\"content-length\":\"2\"}', 'ok' "
                + "FROM events e ORDER BY e.seq";
    }
}
