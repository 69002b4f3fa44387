package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A graceful stop parks the events it has not finished, with the webhooks each was routed to: the instance that takes
 * the work over sends them there, and not to a webhook enabled only after they came.
 */
@Timeout(120)
class ShutdownParkingTest {

    @Test
    void eventsLeftAtAStopGoOnlyToTheWebhooksTheyWereMeantFor() throws Exception {
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            Receiver slow = Receiver.start(receivers).delay(1000);
            Receiver later = Receiver.start(receivers);
            JsonObject settings =
                    new JsonObject().put("shutdown_deadline_ms", 300).put("max_in_flight_per_webhook", 1);
            Hookline first = Hookline.start(db.url(), settings);
            String ws = first.workspace("stop-" + Events.uid().substring(0, 6));
            first.webhook(ws, slow.url(), "message:new");
            String off = first.webhook(ws, later.url(), "message:new").getString("id");
            String path = "/v1/workspaces/" + ws + "/webhooks/" + off;
            assertThat(first.admin("PATCH", path, new JsonObject().put("enabled", false))
                            .status())
                    .isEqualTo(200);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                JsonObject event = Events.message(ws, Events.uid(), "sent");
                assertThat(first.postEvent(event).status()).isEqualTo(202);
                ids.add(event.getString("id"));
            }
            slow.await(1, Duration.ofSeconds(10)); // one on the wire (answered after the deadline), five queued
            // enabled again while the events wait in the slow webhook's queue: they were not meant for it
            assertThat(first.admin("PATCH", path, new JsonObject().put("enabled", true))
                            .status())
                    .isEqualTo(200);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                    new ch.qos.logback.core.read.ListAppender<>();
            logged.start();
            ch.qos.logback.classic.Logger slots =
                    (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.hookline.app.SlotVerticle");
            slots.addAppender(logged);
            try {
                first.close();
            } finally {
                slots.detachAppender(logged);
            }
            assertThat(logged.list)
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .contains("Shutdown deadline reached with 1 requests still on the wire; their outcomes are not"
                            + " stored and their events stay pending for the next start");
            assertThat(count(db, "SELECT count(*) FROM pending_events WHERE owed IS NOT NULL"))
                    .isPositive();

            try (Hookline next = Hookline.start(db.url(), settings)) {
                Await.until(
                        "every event delivered",
                        Duration.ofSeconds(30),
                        () -> count(db, "SELECT count(DISTINCT event_seq) FROM attempts WHERE success") == 6);
                Await.until(
                        "nothing left pending",
                        Duration.ofSeconds(30),
                        () -> count(db, "SELECT count(*) FROM pending_events") == 0);
            }
            Set<String> got = new HashSet<>();
            slow.requests().forEach(r -> got.add(r.header("webhook-id")));
            assertThat(got).isEqualTo(ids);
            assertThat(later.requests()).isEmpty();
        } finally {
            Await.result(receivers.close());
        }
    }

    /**
     * From the first moment of a stop, {@code /ready} says so, while deliveries in flight are still being finished: a
     * load balancer checking it kept routing producers to the stopping instance (review: it answered 200 READY).
     */
    @Test
    void readyAnswers503ShuttingDownWhileAStopFinishesTheRequestsInFlight() throws Exception {
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create()) {
            Receiver slow = Receiver.start(receivers).delay(3000);
            Hookline first = Hookline.start(db.url(), new JsonObject().put("shutdown_deadline_ms", 5000));
            try {
                String ws = first.workspace("ready-" + Events.uid().substring(0, 6));
                first.webhook(ws, slow.url(), "message:new");
                assertThat(first.postEvent(Events.message(ws, Events.uid(), "sent"))
                                .status())
                        .isEqualTo(202);
                slow.await(1, Duration.ofSeconds(10));
                assertThat(Http.json("GET", first.adminUrl("/ready"), null, null)
                                .status())
                        .isEqualTo(200);

                io.vertx.core.Future<Boolean> stopping = first.app().shutdown();
                Http.Response ready = Http.json("GET", first.adminUrl("/ready"), null, null);

                assertThat(stopping.isComplete())
                        .as("the request in flight is still being waited for")
                        .isFalse();
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().getString("status")).isEqualTo("STOPPING");
                assertThat(ready.json().getJsonObject("error").getString("code"))
                        .isEqualTo("shutting_down");
                Await.result(stopping);
            } finally {
                first.close();
            }
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void anEventBeingSkippedWhenTheStopComesIsNotLeftPending() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Hookline first = Hookline.start(db.url(), new JsonObject().put("shutdown_deadline_ms", 500));
            String ws = first.workspace("skip-" + Events.uid().substring(0, 6));
            String off =
                    first.webhook(ws, "http://127.0.0.1:9/hook", "message:new").getString("id");
            assertThat(first.admin(
                                    "PATCH",
                                    "/v1/workspaces/" + ws + "/webhooks/" + off,
                                    new JsonObject().put("enabled", false))
                            .status())
                    .isEqualTo(200);
            java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 4; i++) {
                producers.submit(() -> {
                    while (!stopping.get()
                            && first.postEvent(Events.message(ws, Events.uid(), "sent"))
                                            .status()
                                    == 202) {
                        // every event goes nowhere: its only webhook is disabled, so each is recorded as skipped
                    }
                });
            }
            Receiver.sleep(1000);

            first.close(); // while events are still being committed and skipped
            stopping.set(true);
            producers.shutdown();
            assertThat(producers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();

            assertThat(count(db, "SELECT count(*) FROM event_skips")).isPositive();
            assertThat(count(db, "SELECT count(*) FROM pending_events p JOIN event_skips s ON s.seq = p.seq"))
                    .as("skipped events left pending, to be sent by whoever takes the work over")
                    .isZero();
        }
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
