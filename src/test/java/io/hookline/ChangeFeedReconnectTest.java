package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.testing.Hookline;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.hookline.webhook.ChangeFeed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * When PostgreSQL terminates the change feed's listening connection, the error is one line in the log (not a bare
 * exception on standard error) and the feed comes back by itself.
 */
@Timeout(60)
class ChangeFeedReconnectTest {

    @Test
    void aTerminatedListeningConnectionIsLoggedAndReconnected() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ChangeFeed.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        PrintStream err = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url());
                Connection c = db.connect()) {
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND query LIKE 'LISTEN%'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("listening connections terminated").isEqualTo(1);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (reconnected(logged).size() < 2 && System.nanoTime() < deadline) {
                Receiver.sleep(50);
            }
            assertThat(reconnected(logged)).hasSize(2);
            assertThat(logged.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("Change feed connection failed: io.vertx.pgclient.PgException: FATAL: terminating "
                            + "connection due to administrator command (57P01); reconnecting every second, then "
                            + "reloading the caches");
        } finally {
            System.setErr(err);
            logger.detachAppender(logged);
        }
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("PgException");
    }

    private static List<String> reconnected(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Change feed reconnected"))
                .toList();
    }
}
