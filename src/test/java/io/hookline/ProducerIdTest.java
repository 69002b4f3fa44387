package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a producer's event id always reaches the receiver as its {@code webhook-id} header, unchanged and
 * signed: ids no header can carry are refused at ingest (they were accepted, could never be sent, and eleven of them
 * disabled the webhook for the good events after them), and such an id stored by an older version fails its attempt
 * at once with the reason instead of as a timeout; and that two writes of the same ids in different orders, which
 * deadlock on the producer-id index, do not cost the producer a 503.
 */
class ProducerIdTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RULE =
            "must be printable ASCII (U+0020 to U+007E), without a leading or trailing space: it is sent as the "
                    + "webhook-id header";

    private static JsonObject withId(String ws, String id) {
        return Events.message(ws, Events.uid(), "received").put("id", id);
    }

    @Test
    void idsNoHeaderCarriesAreRefusedAndTheWebhookStaysHealthyForTheGoodOnes() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:received:new");
        for (int i = 0; i < 11; i++) {
            Http.Response r = hookline.postEvent(withId(ws, "bad" + i + "\r\nX-Injected: 1"));
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.errorCode()).isEqualTo("validation_failed");
            JsonObject detail =
                    r.json().getJsonObject("error").getJsonArray("details").getJsonObject(0);
            assertThat(detail.getString("field")).isEqualTo("id");
            assertThat(detail.getString("message")).isEqualTo(RULE);
        }
        JsonObject good = withId(ws, "order 42/line 3");
        JsonArray batch = new JsonArray()
                .add(withId(ws, "caf\u00e9"))
                .add(withId(ws, "\uD83D\uDE00"))
                .add(good)
                .add(withId(ws, " padded "));
        JsonArray results =
                hookline.postBatch(new JsonObject().put("events", batch)).json().getJsonArray("results");
        assertThat(results.stream()
                        .map(r -> ((JsonObject) r).getString("status"))
                        .toList())
                .containsExactly("rejected", "rejected", "accepted", "rejected");
        assertThat(results.getJsonObject(0)
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("message"))
                .isEqualTo(RULE);

        Receiver.Request got = receiver.awaitEvent("order 42/line 3", WAIT);
        assertThat(new StandardWebhooksVerifier(webhook.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                got.body()))
                .isTrue();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(count("SELECT count(*) FROM events WHERE workspace_id = ?", ws))
                .isEqualTo(1);
        JsonObject state = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id"), null)
                .json();
        assertThat(state.getBoolean("enabled")).isTrue();
        assertThat(state.getInteger("errors_counter")).isZero();
    }

    @Test
    void anIdAnOlderVersionStoredThatNoHeaderCarriesFailsAtOnceWithTheReason() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String webhook =
                hookline.webhook(ws, receiver.url(), "message:received:new").getString("id");
        JsonObject event = withId(ws, "legacy-id");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        receiver.awaitEvent("legacy-id", WAIT);
        List<?> changed = rows(
                "UPDATE events SET id = 'legacy\nid' WHERE workspace_id = ? AND id = 'legacy-id' RETURNING seq", ws);
        assertThat(changed).hasSize(1);

        Http.Response r = hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks/" + webhook + "/resend",
                new JsonObject().put("event_id", "legacy\nid"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject attempt = r.json();
        assertThat(attempt.getBoolean("success")).isFalse();
        assertThat(attempt.getString("error"))
                .startsWith("request not sent: the event id cannot be a webhook-id header (");
        assertThat(attempt.getInteger("duration_ms"))
                .as("no wait for the deadline")
                .isLessThan(1_000);
        assertThat(receiver.requests()).hasSize(1);
    }

    /**
     * Another writer (a second instance, or this one's other event loop) holds b while the batch [a, b] is written,
     * then inserts a: PostgreSQL breaks the deadlock by rolling the batch's write back (it waited first, so its
     * deadlock check comes first). The other writer then gives up its rows, and the batch must be accepted whole.
     */
    @Test
    void aBatchRolledBackToBreakADeadlockOnItsIdsIsWrittenAgainAndAccepted() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:received:new");
        JsonObject a = withId(ws, "deadlock-a");
        JsonObject b = withId(ws, "deadlock-b");
        String insert = "INSERT INTO events (workspace_id, id, kind, message_uid, body) VALUES (?, ?, 'message', ?, "
                + "convert_to('{}', 'UTF8'))";

        CompletableFuture<Http.Response> answer;
        try (Connection other = db.connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute("SET deadlock_timeout = '30s'"); // so the batch's check fires first
            try (PreparedStatement st = other.prepareStatement(insert)) {
                st.setString(1, ws);
                st.setString(2, "deadlock-b");
                st.setString(3, Events.uid());
                st.executeUpdate();
                answer = CompletableFuture.supplyAsync(() -> hookline.postBatch(
                        new JsonObject().put("events", new JsonArray().add(a).add(b))));
                awaitAnInsertWaitingOnALock();
                st.setString(2, "deadlock-a");
                st.executeUpdate(); // returns once PostgreSQL rolled the batch's write back
            }
            other.rollback();
        }

        Http.Response r = answer.get();
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().getJsonArray("results").stream()
                        .map(x -> ((JsonObject) x).getString("id") + " " + ((JsonObject) x).getString("status"))
                        .toList())
                .containsExactly("deadlock-a accepted", "deadlock-b accepted");
        receiver.awaitEvent("deadlock-a", WAIT);
        receiver.awaitEvent("deadlock-b", WAIT);
    }

    private void awaitAnInsertWaitingOnALock() {
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query LIKE '%INSERT INTO events%' AND pid <> pg_backend_pid()";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(waiting) == 0 && System.nanoTime() < deadline) {
            Receiver.sleep(20);
        }
        assertThat(count(waiting))
                .as("the batch's insert waits for the other writer")
                .isPositive();
    }
}
