package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a producer's event id always reaches the receiver as its {@code webhook-id} header, unchanged and
 * signed: ids no header can carry are refused at ingest (they were accepted, could never be sent, and eleven of them
 * disabled the webhook for the good events after them), and such an id stored by an older version fails its attempt
 * at once with the reason instead of as a timeout.
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
}
