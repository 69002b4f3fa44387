package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A retention run that fails is tried again after the retry interval, not an hour later. */
@Timeout(120)
class RetentionScheduleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aFailedRunIsRetriedSoonAndThenPurges() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RetentionVerticle.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        // this run's clock is 11 days ahead; the instance's own retention (first run a minute after its start) keeps
        // the real one, so only the run deployed here can purge the event
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(11));
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url());
                Receiver receiver = Receiver.start(receivers);
                Connection c = db.connect();
                Statement st = c.createStatement()) {
            String ws = hookline.workspace("retry-" + Events.uid().substring(0, 6));
            hookline.webhook(ws, receiver.url(), "message:new");
            JsonObject old = Events.message(ws, Events.uid(), "sent");
            hookline.postEvent(old);
            receiver.awaitEvent(old.getString("id"), WAIT);
            awaitCount(st, "SELECT count(*) FROM attempts", 1);

            // the first run fails: the table it purges first is not there (as in an outage, the statement fails)
            st.execute("ALTER TABLE attempts RENAME TO attempts_away");
            String deployment = Await.result(hookline.vertx()
                    .deployVerticle(new RetentionVerticle(
                            hookline.app().pool(), later, 10, new RetentionVerticle.Schedule(50, 3_600_000, 5_000))));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (logged.list.isEmpty() && System.nanoTime() < deadline) {
                Receiver.sleep(20);
            }
            st.execute("ALTER TABLE attempts_away RENAME TO attempts");
            assertThat(logged.list.get(0).getFormattedMessage())
                    .startsWith("Retention run failed (will retry in 5 s): ")
                    .contains("attempts");

            // the retry, not the hourly run, purges the old event and its attempt
            awaitCount(st, "SELECT count(*) FROM events WHERE id = '" + old.getString("id") + "'", 0);
            assertThat(count(st, "SELECT count(*) FROM attempts")).isZero();
            Await.result(hookline.vertx().undeploy(deployment));
        } finally {
            logger.detachAppender(logged);
            Await.result(receivers.close());
        }
    }

    private static void awaitCount(Statement st, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(st, sql) != expected && System.nanoTime() < deadline) {
            Receiver.sleep(50);
        }
        assertThat(count(st, sql)).as(sql).isEqualTo(expected);
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
