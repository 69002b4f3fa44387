package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.config.DatabaseUrl;
import io.hookline.testing.Await;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which PostgreSQL errors are an outage (503, retried, one log line a minute) and which are a bug (500 with its stack):
 * a refused connection is FATAL; the same SQLSTATE raised by a statement is an ERROR, and waiting would never fix it.
 */
class StorageErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "55000, FATAL, true", // database "x" is not currently accepting connections
        "55000, ERROR, false", // e.g. currval of a sequence not yet defined in this session
        "3D000, FATAL, true", // database "x" does not exist
        "28P01, FATAL, true", // password authentication failed
        "28000, FATAL, true", // no pg_hba.conf entry
        "57P01, FATAL, true", // terminating connection due to administrator command
        "57P05, FATAL, true", // terminating connection due to idle-session timeout (a DBA's setting)
        "08006, ERROR, true",
        "53300, FATAL, true", // too many connections
        "57014, ERROR, true", // canceling statement due to statement timeout (a DBA's setting), or a cancel
        "55P03, ERROR, true", // lock timeout
        "25006, ERROR, true", // cannot execute INSERT in a read-only transaction (a fail-over under way)
        "42P01, ERROR, false", // undefined table: a bug
        "23505, ERROR, false"
    })
    void anOutageIsWhatWaitingCanFix(String state, String severity, boolean unavailable) {
        PgException error = new PgException("message", severity, state, null);
        assertThat(StorageErrors.isUnavailable(error)).isEqualTo(unavailable);
        assertThat(StorageErrors.isUnavailable(new IllegalStateException("wrapped", error)))
                .isEqualTo(unavailable);
    }

    /**
     * A pool that gives no connection within its connection timeout (PostgreSQL silent, or every connection busy)
     * fails the request with a bare "Timeout": an outage to wait out, with nothing sent. It counted as PostgreSQL
     * refusing the rows, and the attempt writer dropped them (an outside review).
     */
    @Test
    void aPoolThatGivesNoConnectionInTimeIsAnOutageWithNothingSent() {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            Pool pool = Database.pool(vertx, DatabaseUrl.parse(db.url()), 1, "test"); // Hookline's pool, of one
            io.vertx.sqlclient.SqlConnection held = Await.result(pool.getConnection());

            Throwable failure = pool.query("SELECT 1")
                    .execute()
                    .map(rows -> (Throwable) null)
                    .otherwise(err -> err)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join();

            assertThat(failure).as("the query waited for a connection in vain").isNotNull();
            assertThat(StorageErrors.isUnavailable(failure))
                    .as(failure.toString())
                    .isTrue();
            assertThat(StorageErrors.answerMayBeLost(failure)).isFalse();
            Await.result(held.close());
            Await.result(pool.close());
        } finally {
            Await.result(vertx.close());
        }
    }

    /**
     * Only a break while a statement could be under way leaves its fate open (the journal and the attempt writer then
     * look the write up): not a connection that could not be made, nor an error PostgreSQL answered the statement with.
     */
    @Test
    void aWriteMayHaveCommittedOnlyWhenTheConnectionBrokeUnderIt() {
        assertThat(StorageErrors.answerMayBeLost(io.vertx.sqlclient.ClosedConnectionException.INSTANCE))
                .isTrue();
        assertThat(StorageErrors.answerMayBeLost(new java.io.IOException("Connection reset by peer")))
                .isTrue();
        assertThat(StorageErrors.answerMayBeLost(new PgException("terminating", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(StorageErrors.answerMayBeLost(new java.net.ConnectException("Connection refused")))
                .isFalse();
        assertThat(StorageErrors.answerMayBeLost(new PgException("too many", "FATAL", "53300", null)))
                .isFalse();
        assertThat(StorageErrors.answerMayBeLost(new PgException("duplicate", "ERROR", "23505", null)))
                .isFalse();
        assertThat(StorageErrors.answerMayBeLost(new PgException("timeout", "ERROR", "57014", null)))
                .isFalse();
    }

    /**
     * A write that comes after this instance closed its own pool (an answer that outlived the shutdown deadline) is
     * recognised as such: it was logged as PostgreSQL refusing to store a row.
     */
    @Test
    void aWriteToAPoolThisInstanceClosedIsRecognised() {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            Pool pool = Database.pool(vertx, DatabaseUrl.parse(db.url()), 1, "test");
            Await.result(pool.query("SELECT 1").execute());
            Await.result(pool.close());
            Throwable refused = Await.result(
                    pool.query("SELECT 1").execute().transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
            assertThat(StorageErrors.isPoolClosed(refused))
                    .as(String.valueOf(refused))
                    .isTrue();
            assertThat(StorageErrors.isPoolClosed(new PgException("Pool closed?", "ERROR", "42P01", null)))
                    .isFalse();
        } finally {
            Await.result(vertx.close());
        }
    }
}
