package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.MutableClock;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workspace's events begin where the journal stood when it was created, by sequence number: save-and-test and
 * resend find an event that came after the workspace even when Hookline's clock runs behind PostgreSQL's (which stamps
 * the workspace's creation), and still never see the events of a workspace deleted before it with the same id. The
 * same holds for a webhook: routing and recovery tell the events that came after it by sequence number, and event
 * lookup tells the webhook changes that came after an event by sequence number.
 */
@Timeout(120)
class WorkspaceBoundaryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aWebhookThisInstanceHasNotHeardOfYetGetsTheEventEvenWhenHooklinesClockRunsBehind() throws Exception {
        MutableClock behind = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), new JsonObject(), new VertxOptions(), behind);
                Receiver receiver = Receiver.start(receivers)) {
            String ws = hookline.workspace("late-" + Events.uid().substring(0, 6));
            // created as another instance would, but its notice has not reached this one
            try (Connection conn = db.connect();
                    PreparedStatement st = conn.prepareStatement("INSERT INTO webhooks (id, workspace_id, url, "
                            + "event_type, format, enabled, secret, created_seq) VALUES (?, ?, ?, 'message:new', "
                            + "'v2', true, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', "
                            + "nextval(pg_get_serial_sequence('events', 'seq')))")) {
                st.setObject(1, UUID.randomUUID());
                st.setString(2, ws);
                st.setString(3, receiver.url());
                st.executeUpdate();
            }
            JsonObject event = Events.message(ws, Events.uid(), "sent");

            assertThat(hookline.postEvent(event).status()).isEqualTo(202);

            receiver.awaitEvent(event.getString("id"), WAIT);
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void eventsAfterTheWorkspaceCountEvenWhenHooklinesClockRunsBehindTheDatabases() throws Exception {
        MutableClock behind = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), new JsonObject(), new VertxOptions(), behind);
                Receiver receiver = Receiver.start(receivers)) {
            String ws = hookline.workspace("skew-" + Events.uid().substring(0, 6));
            JsonObject predecessors = Events.message(ws, Events.uid(), "received");
            predecessors.getJsonObject("chat").put("full_name", "Old tenant's customer");
            assertThat(hookline.postEvent(predecessors).status()).isEqualTo(202);
            assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws, null).status())
                    .isEqualTo(204);
            hookline.workspace(ws);
            String webhook = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
            String path = "/v1/workspaces/" + ws + "/webhooks/" + webhook;
            String uid = Events.uid();
            JsonObject event = Events.message(ws, uid, "received");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), WAIT);

            Http.Response test = hookline.admin("POST", path + "/test", null);
            Http.Response resend =
                    hookline.admin("POST", path + "/resend", new JsonObject().put("event_id", event.getString("id")));
            Http.Response old = hookline.admin(
                    "POST", path + "/resend", new JsonObject().put("event_id", predecessors.getString("id")));

            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(resend.status()).as(resend.body()).isEqualTo(200);
            assertThat(old.status()).as(old.body()).isEqualTo(404);
            Await.until(
                    "the test send and the resend arrive",
                    WAIT,
                    () -> receiver.requests().size() == 3);
            assertThat(receiver.requests(r -> r.bodyText().contains(uid))).hasSize(3);
            assertThat(receiver.requests(r -> r.bodyText().contains("Old tenant")))
                    .isEmpty();
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void aRecoveryFindsWhatTheWebhookMissedEvenWhenHooklinesClockRunsBehind() throws Exception {
        MutableClock behind = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), new JsonObject(), new VertxOptions(), behind);
                Receiver receiver = Receiver.start(receivers)) {
            String ws = hookline.workspace("rec-" + Events.uid().substring(0, 6));
            String since = behind.instant().minus(Duration.ofMinutes(1)).toString();
            JsonObject beforeWebhook = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(beforeWebhook).status()).isEqualTo(202);
            behind.advance(Duration.ofSeconds(1)); // the clock runs behind, but it runs
            String path = "/v1/workspaces/" + ws + "/webhooks/"
                    + hookline.webhook(ws, receiver.url(), "message:new").getString("id");
            assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", false))
                            .status())
                    .isEqualTo(200);
            JsonObject missed = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(missed).status()).isEqualTo(202);
            behind.advance(Duration.ofSeconds(1));
            String lookup = "/v1/workspaces/" + ws + "/events/" + missed.getString("id");
            Await.until(
                    "the missed event is settled",
                    WAIT,
                    () -> !"pending"
                            .equals(hookline.admin("GET", lookup, null).json().getString("status")));
            assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", true))
                            .status())
                    .isEqualTo(200);

            Http.Response started = hookline.admin("POST", path + "/recover", new JsonObject().put("since", since));

            assertThat(started.status()).as(started.body()).isEqualTo(202);
            assertThat(started.json().getInteger("total")).isEqualTo(1);
            receiver.awaitEvent(missed.getString("id"), WAIT);
            String job = path + "/recoveries/" + started.json().getString("id");
            Await.until(
                    "the recovery is done",
                    WAIT,
                    () -> "done".equals(hookline.admin("GET", job, null).json().getString("status")));
            assertThat(hookline.admin("GET", job, null).json().getInteger("succeeded"))
                    .isEqualTo(1);
            assertThat(receiver.requests()).hasSize(1);
        } finally {
            Await.result(receivers.close());
        }
    }

    @Test
    void eventLookupJudgesTheWebhooksAsTheyWereWhenTheEventCameEvenWhenHooklinesClockRunsBehind() throws Exception {
        MutableClock behind = new MutableClock(Instant.now().minus(Duration.ofMinutes(10)));
        Vertx receivers = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), new JsonObject(), new VertxOptions(), behind);
                Receiver receiver = Receiver.start(receivers)) {
            String ws = hookline.workspace("look-" + Events.uid().substring(0, 6));
            String base = "/v1/workspaces/" + ws + "/webhooks/";
            String filtered =
                    hookline.webhook(ws, receiver.url(), "message:new").getString("id");
            String gone = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
            // both changed before the event: one filters out what it is, the other is disabled (and deleted later)
            JsonObject sentOnly = new JsonObject().put("filter", new JsonObject().put("direction", "sent"));
            assertThat(hookline.admin("PATCH", base + filtered, sentOnly).status())
                    .isEqualTo(200);
            assertThat(hookline.admin("PATCH", base + gone, new JsonObject().put("enabled", false))
                            .status())
                    .isEqualTo(200);
            JsonObject event = Events.message(ws, Events.uid(), "received");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            String lookup = "/v1/workspaces/" + ws + "/events/" + event.getString("id");
            Await.until(
                    "the event is settled",
                    WAIT,
                    () -> !"pending"
                            .equals(hookline.admin("GET", lookup, null).json().getString("status")));
            assertThat(hookline.admin("DELETE", base + gone, null).status()).isEqualTo(204);

            JsonObject found = hookline.admin("GET", lookup, null).json();

            assertThat(found.getString("status")).isEqualTo("skipped");
            assertThat(found.getString("skip_reason")).isEqualTo("filtered_out");
            assertThat(found.getJsonArray("deliveries").stream()
                            .map(d -> (JsonObject) d)
                            .map(d -> d.getString("webhook_id") + " " + d.getString("outcome") + " "
                                    + d.getString("reason"))
                            .toList())
                    .containsExactlyInAnyOrder(filtered + " dropped filtered_out", gone + " dropped webhook_deleted");
            assertThat(receiver.requests()).isEmpty();
        } finally {
            Await.result(receivers.close());
        }
    }
}
