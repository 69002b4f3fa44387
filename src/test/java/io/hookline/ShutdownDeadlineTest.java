package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Requests still on the wire when the shutdown deadline passes: their answers used to come after the instance closed
 * its database pool and were logged as ERRORs saying PostgreSQL refused to store them (it refused nothing). They are
 * not stored; their events stay pending, and the instance that takes over sends them again (at least once).
 */
@Timeout(120)
class ShutdownDeadlineTest {

    /**
     * A save-and-test on the wire when the stop begins gets its answer: the admin listener closed under it, the
     * receiver's answer was lost (stored as "connection closed before an answer") and the admin got none (black-box
     * review).
     */
    @Test
    void aSaveAndTestUnderWayWhenTheStopBeginsGetsItsAnswer() throws Exception {
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            Receiver slow = Receiver.start(receivers);
            Hookline hookline = Hookline.start(db.url());
            try {
                String ws = hookline.workspace("test-stop-" + Events.uid().substring(0, 6));
                String id = hookline.webhook(ws, slow.url(), "message:new").getString("id");
                assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent"))
                                .status())
                        .isEqualTo(202);
                slow.await(1, Duration.ofSeconds(20));
                slow.delay(2000);
                java.util.concurrent.CompletableFuture<io.hookline.testing.Http.Response> tested =
                        java.util.concurrent.CompletableFuture.supplyAsync(() ->
                                hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/test", null));
                slow.await(2, Duration.ofSeconds(20)); // the test's request is on the wire
                io.vertx.core.Future<Boolean> stopping = hookline.app().shutdown();
                io.hookline.testing.Http.Response answer = tested.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json().getBoolean("success")).isTrue();
                assertThat(Await.result(stopping)).isTrue();
                try (Connection c = db.connect();
                        ResultSet rs =
                                c.createStatement().executeQuery("SELECT success, error FROM attempts WHERE test")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).as(rs.getString(2)).isTrue();
                }
            } finally {
                hookline.close();
            }
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void answersAfterTheDeadlineAreNotStoredAndTheirEventsAreSentAgainByTheNextInstance() throws Exception {
        Vertx receivers = Vertx.vertx();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (TestDatabase db = TestDatabase.create()) {
            Receiver slow = Receiver.start(receivers).delay(2500);
            JsonObject settings =
                    new JsonObject().put("shutdown_deadline_ms", 500).put("delivery_timeout_ms", 10_000);
            Hookline first = Hookline.start(db.url(), settings);
            String ws = first.workspace("deadline-" + Events.uid().substring(0, 6));
            first.webhook(ws, slow.url(), "message:new");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonObject event = Events.message(ws, Events.uid(), "sent");
                assertThat(first.postEvent(event).status()).isEqualTo(202);
                ids.add(event.getString("id"));
            }
            slow.await(5, Duration.ofSeconds(20)); // all five on the wire, answered 2.5 s later
            root.addAppender(logged);
            try {
                first.close();
                Receiver.sleep(3000); // the answers come after the stop
            } finally {
                root.detachAppender(logged);
            }
            assertThat(logged.list.stream()
                            .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                            .map(ILoggingEvent::getFormattedMessage))
                    .isEmpty();

            try (Hookline next = Hookline.start(db.url(), settings)) {
                Await.until("every event delivered", Duration.ofSeconds(30), () -> succeeded(db) == ids.size());
            }
        } finally {
            Await.result(receivers.close());
        }
    }

    private static long succeeded(TestDatabase db) {
        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT count(DISTINCT event_seq) FROM attempts WHERE success")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
