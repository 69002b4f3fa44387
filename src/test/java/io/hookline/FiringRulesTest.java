package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies the firing rules end to end: which events produce requests, to which webhooks, and why the others are
 * skipped (the skip reason is recorded with the event before the producer gets its 202).
 */
class FiringRulesTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private String accepted(JsonObject event) {
        Http.Response r = hookline.postEvent(event);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().getString("id");
    }

    /** The skip reason, once decided (rules decide at commit; "no webhook wants it" right after, in fan-out). */
    private String skipReason(String workspace, String eventId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Map<String, Object>> rows = rows(
                    "SELECT " + SKIP_REASON + " AS skip_reason FROM events WHERE workspace_id = ? AND id = ?",
                    workspace,
                    eventId);
            assertThat(rows).hasSize(1);
            if (rows.get(0).get("skip_reason") != null || System.nanoTime() > deadline) {
                return (String) rows.get(0).get("skip_reason");
            }
            Receiver.sleep(20);
        }
    }

    /** Sends an event that does fire and waits for it: everything sent before it has been decided. */
    private void sentinel(String workspace, Receiver receiver) {
        JsonObject call = Events.call(workspace, "incoming", "Missed");
        accepted(call);
        receiver.awaitEvent(call.getString("id"), WAIT);
    }

    @Test
    void ringingCallsAndScheduledCallsFireNothing() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        for (String type : new String[] {"call:incoming:missed", "call:incoming:ended", "call:outgoing:ended"}) {
            hookline.webhook(ws, receiver.url(), type);
        }
        String ringingIn = accepted(Events.call(ws, "incoming", "Ringing"));
        String ringingOut = accepted(Events.call(ws, "outgoing", "Ringing"));
        JsonObject scheduled = Events.call(ws, "outgoing", "Ended");
        scheduled.getJsonObject("call").put("scheduled", true);
        String scheduledId = accepted(scheduled);

        sentinel(ws, receiver);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(skipReason(ws, ringingIn)).isEqualTo("call_not_final");
        assertThat(skipReason(ws, ringingOut)).isEqualTo("call_not_final");
        assertThat(skipReason(ws, scheduledId)).isEqualTo("scheduled_call");
    }

    @Test
    void reactionToAMessageNeverIngestedFiresNothingButOneToASyncedCallDoes() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url("/reactions"), "message:reaction");
        hookline.webhook(ws, receiver.url(), "call:incoming:missed");
        JsonObject call = Events.call(ws, "incoming", "Missed");
        accepted(call);
        String unsynced =
                accepted(Events.reaction(ws, "never-seen-" + Events.uid(), "set", "👍", Events.person("A", "+1")));
        JsonObject onCall = Events.reaction(
                ws, call.getJsonObject("call").getString("message_uid"), "set", "🔥", Events.person("A", "+1"));
        accepted(onCall);

        Receiver.Request got = receiver.awaitEvent(onCall.getString("id"), WAIT);
        sentinel(ws, receiver);

        assertThat(got.json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getMap())
                .isEqualTo(Map.of("🔥", "1"));
        assertThat(receiver.requests(r -> r.path().equals("/reactions"))).hasSize(1);
        assertThat(skipReason(ws, unsynced)).isEqualTo("message_not_synced");
    }

    @Test
    void reactionToAMessageOfAnotherWorkspaceIsNotSynced() {
        String ws = newWorkspace();
        String other = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = Events.uid();
        accepted(Events.message(other, uid, "sent"));

        String reaction = accepted(Events.reaction(ws, uid, "set", "👍", null));

        assertThat(skipReason(ws, reaction)).isEqualTo("message_not_synced");
    }

    @Test
    void eventsWithoutAnEnabledMatchingWebhookAreSkippedAndSendNothing() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:incoming:missed");
        JsonObject disabled = hookline.webhook(ws, receiver.url("/disabled"), "message:new");
        Http.Response patched = hookline.admin(
                "PATCH",
                "/v1/workspaces/" + ws + "/webhooks/" + disabled.getString("id"),
                new JsonObject().put("enabled", false));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        String message = accepted(Events.message(ws, Events.uid(), "sent"));
        String outgoing = accepted(Events.call(ws, "outgoing", "Ended"));
        sentinel(ws, receiver);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(skipReason(ws, message)).isEqualTo("no_matching_webhook");
        assertThat(skipReason(ws, outgoing)).isEqualTo("no_matching_webhook");
    }

    @Test
    void groupChatCallsFireLikeDirectOnes() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:outgoing:ended");
        JsonObject call = Events.call(ws, "outgoing", "No Answer");
        call.getJsonObject("chat").put("chat_type", "group");

        accepted(call);

        JsonObject body = receiver.awaitEvent(call.getString("id"), WAIT).json();
        assertThat(body.getJsonObject("chat").getString("chat_type")).isEqualTo("group");
        assertThat(body.getJsonObject("call_details").getString("status")).isEqualTo("No Answer");
    }

    @Test
    void anEventGoesToEveryMatchingWebhookOnceAndToNoOther() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url("/a"), "message:new");
        hookline.webhook(ws, receiver.url("/b"), "message:new");
        hookline.webhook(ws, receiver.url("/received"), "message:received:new");
        hookline.webhook(ws, receiver.url("/sent"), "message:sent:new");
        hookline.webhook(ws, receiver.url("/calls"), "call:incoming:missed");
        Receiver otherReceiver = receiver();
        hookline.webhook(newWorkspace(), otherReceiver.url(), "message:new");

        JsonObject message = Events.message(ws, Events.uid(), "received");
        accepted(message);
        receiver.await(3, WAIT);
        sentinel(ws, receiver);

        assertThat(receiver.requests(r -> message.getString("id").equals(r.header("webhook-id"))).stream()
                        .map(Receiver.Request::path)
                        .sorted()
                        .toList())
                .containsExactly("/a", "/b", "/received");
        assertThat(otherReceiver.requests()).isEmpty();
        awaitCount(3, "SELECT count(*) FROM attempts WHERE event_id = ?", message.getString("id"));
        List<String> bodies = receiver.requests(r -> message.getString("id").equals(r.header("webhook-id"))).stream()
                .sorted(java.util.Comparator.comparing(Receiver.Request::path))
                .map(Receiver.Request::bodyText)
                .toList();
        assertThat(bodies.get(0))
                .as("one rendering per (event, type, format), not per webhook")
                .isEqualTo(bodies.get(1));
        assertThat(bodies.get(2)).contains("\"event_type\":\"message:received:new\"");
    }
}
