package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.store.Retention;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.MutableClock;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Verifies retention with an injected clock: old attempts, bodies and journal rows go, recent ones stay. */
@Timeout(120)
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static long count(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void attemptsBodiesAndEventsOlderThanTheRetentionPeriodArePurgedAndRecentOnesKept() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), new JsonObject(), new VertxOptions(), clock);
                Receiver receiver = Receiver.start(receivers)) {
            String ws = hookline.workspace("retention-" + Events.uid().substring(0, 6));
            hookline.webhook(ws, receiver.url(), "message:new");
            hookline.webhook(ws, receiver.url("/reactions"), "message:reaction");
            JsonObject old = Events.message(ws, Events.uid(), "sent");
            hookline.postEvent(old);
            receiver.awaitEvent(old.getString("id"), WAIT);
            // no webhook takes calls: fan-out records why this one went nowhere, beside its journal row
            JsonObject oldSkipped = Events.call(ws, "outgoing", "Ended");
            hookline.postEvent(oldSkipped);
            String skipOfOld = "SELECT count(*) FROM event_skips s JOIN events e ON e.seq = s.seq WHERE e.id = '"
                    + oldSkipped.getString("id") + "' AND s.reason = 'no_matching_webhook'";
            long skipDeadline = System.nanoTime() + WAIT.toNanos();
            while (count(db, skipOfOld) < 1 && System.nanoTime() < skipDeadline) {
                Receiver.sleep(20);
            }
            assertThat(count(db, skipOfOld)).isEqualTo(1);

            clock.advance(Duration.ofDays(10).plusHours(1));
            JsonObject recent = Events.message(ws, Events.uid(), "sent");
            hookline.postEvent(recent);
            receiver.awaitEvent(recent.getString("id"), WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count(db, "SELECT count(*) FROM attempts") < 2 && System.nanoTime() < deadline) {
                Receiver.sleep(20);
            }

            Map<String, Long> deleted =
                    Await.result(new Retention(hookline.app().pool(), clock, 10).purge());

            assertThat(deleted).containsEntry("attempts", 1L).containsEntry("events", 2L);
            assertThat(count(db, "SELECT count(*) FROM event_skips")).isZero();
            assertThat(count(db, "SELECT count(*) FROM attempts WHERE event_id = '" + recent.getString("id") + "'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM attempts WHERE event_id = '" + old.getString("id") + "'"))
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM events WHERE id = '" + old.getString("id") + "'"))
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM events WHERE id = '" + recent.getString("id") + "'"))
                    .isEqualTo(1);
            // the request bodies of kept attempts are rendered from kept events: the log still shows them
            assertThat(count(db, "SELECT count(*) FROM attempts a JOIN events e ON e.seq = a.event_seq"))
                    .isEqualTo(1);

            // a reaction to the purged message still fires: its uid was kept
            JsonObject reaction = Events.reaction(
                    ws, old.getJsonObject("message").getString("message_uid"), "set", "👍", Events.person("Ann", "+1"));
            hookline.postEvent(reaction);
            receiver.awaitEvent(reaction.getString("id"), WAIT);

            assertThat(Await.result(new Retention(hookline.app().pool(), clock, 10).purge())
                            .values())
                    .containsOnly(0L);
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void finishedRecoveryJobsOlderThanTheRetentionPeriodArePurgedAndRunningOnesKept() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url())) {
            String ws = hookline.workspace("recoveries-" + Events.uid().substring(0, 6));
            String webhook = hookline.webhook(ws, "http://127.0.0.1:9/hook", "message:new")
                    .getString("id");
            String job =
                    "INSERT INTO recoveries (id, workspace_id, webhook_id, status, since, until, through_seq, total, "
                            + "created_at, finished_at, claimed_by, claimed_until) VALUES (gen_random_uuid(), '" + ws
                            + "', '" + webhook + "', '%s', "
                            + "now() - interval '30 days', now() - interval '29 days', 0, 0, now() - interval '%d days', %s, "
                            + "%s)";
            try (Connection c = db.connect()) {
                c.createStatement().execute(String.format(job, "done", 12, "now() - interval '11 days'", "NULL, NULL"));
                c.createStatement()
                        .execute(String.format(job, "cancelled", 3, "now() - interval '2 days'", "NULL, NULL"));
                // run by another instance, which holds its claim: this one's recovery does not take it over and finish
                // it before retention runs
                c.createStatement()
                        .execute(String.format(
                                job, "running", 20, "NULL", "gen_random_uuid(), now() + interval '1 hour'"));
            }

            Map<String, Long> deleted =
                    Await.result(new Retention(hookline.app().pool(), java.time.Clock.systemUTC(), 10).purge());

            assertThat(deleted).containsEntry("recoveries", 1L);
            assertThat(count(db, "SELECT count(*) FROM recoveries WHERE status = 'done'"))
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM recoveries WHERE status = 'cancelled'"))
                    .isEqualTo(1);
            assertThat(count(db, "SELECT count(*) FROM recoveries WHERE status = 'running'"))
                    .isEqualTo(1);
        }
    }
}
