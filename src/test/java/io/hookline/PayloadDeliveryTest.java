package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every webhook event type reaches its receiver with exactly the documented body (docs/payloads.md, the
 * seed examples), signed per Standard Webhooks.
 */
class PayloadDeliveryTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    static JsonObject resource(String name) {
        try (InputStream in = PayloadDeliveryTest.class.getResourceAsStream("/payloads/" + name)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A producer call event carrying the seed document's own values. */
    static JsonObject callInputFromSeed(
            JsonObject seed, String workspace, String direction, String status, Integer duration) {
        JsonObject details = seed.getJsonObject("call_details");
        JsonObject call = new JsonObject()
                .put("message_uid", details.getString("message_uid"))
                .put("direction", direction)
                .put("status", status)
                .put("is_video", details.getBoolean("is_video"))
                .put("timestamp", "2026-05-24T10:35:18+02:00")
                .put("caller", details.getJsonObject("caller").copy())
                .put("recipient", details.getJsonObject("recipient").copy());
        if (duration != null) {
            call.put("duration", duration);
        }
        return new JsonObject()
                .put("id", "call-" + Events.uid())
                .put("workspace_id", workspace)
                .put("type", "call")
                .put("chat", seed.getJsonObject("chat").copy())
                .put("whatsapp_account", seed.getJsonObject("whatsapp_account").copy())
                .put("call", call);
    }

    private Receiver.Request deliver(String workspace, Receiver receiver, JsonObject event) {
        Http.Response accepted = hookline.postEvent(event);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return receiver.awaitEvent(event.getString("id"), WAIT);
    }

    @Test
    void missedIncomingCallIsDeliveredExactlyAsTheSeedExample() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:incoming:missed");
        JsonObject seed = resource("call-incoming-missed.seed.json");

        Receiver.Request got = deliver(ws, receiver, callInputFromSeed(seed, ws, "incoming", "Missed", null));

        assertThat(got.json()).isEqualTo(seed);
        assertThat(got.bodyText()).doesNotContain("is_group");
    }

    @Test
    void answeredAndDeclinedIncomingCallsFireEndedWithDeclinedWrittenAsRejected() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:incoming:ended");
        JsonObject seed = resource("call-incoming-missed.seed.json");

        Receiver.Request answered = deliver(ws, receiver, callInputFromSeed(seed, ws, "incoming", "Answered", 42));
        Receiver.Request declined = deliver(ws, receiver, callInputFromSeed(seed, ws, "incoming", "Declined", 0));

        assertThat(answered.json()).isEqualTo(seedWith(seed, "call:incoming:ended", "incoming", "Answered", 42));
        assertThat(declined.json()).isEqualTo(seedWith(seed, "call:incoming:ended", "incoming", "Rejected", 0));
    }

    @Test
    void outgoingCallsFireOutgoingEndedForEveryFinalStatus() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:outgoing:ended");
        JsonObject seed = resource("call-incoming-missed.seed.json");

        for (String status : new String[] {"Ended", "No Answer", "Rejected", "Declined"}) {
            Receiver.Request got = deliver(ws, receiver, callInputFromSeed(seed, ws, "outgoing", status, 17));
            String expectedStatus = status.equals("Declined") ? "Rejected" : status;
            assertThat(got.json())
                    .as(status)
                    .isEqualTo(seedWith(seed, "call:outgoing:ended", "outgoing", expectedStatus, 17));
        }
    }

    private static JsonObject seedWith(
            JsonObject seed, String eventType, String direction, String status, Integer duration) {
        JsonObject expected = seed.copy().put("event_type", eventType);
        expected.getJsonObject("call_details")
                .put("direction", direction)
                .put("status", status)
                .put("duration", duration);
        return expected;
    }

    @Test
    void reactionIsDeliveredExactlyAsTheSeedExampleWithTheAggregateAfterIt() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        JsonObject seed = resource("message-reaction.seed.json");
        JsonObject reaction = seed.getJsonObject("reaction");
        String uid = reaction.getString("message_uid");
        assertThat(hookline.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);

        // two other people react first, so the aggregate after John Doe's 👍 is the seed's {"👍": "2", "❤️": "1"}
        deliver(ws, receiver, reactionFromSeed(seed, ws, "👍", Events.person("Ann Other", "+15550000001")));
        deliver(ws, receiver, reactionFromSeed(seed, ws, "❤️", Events.person("Bob Other", "+15550000002")));
        Receiver.Request got =
                deliver(ws, receiver, reactionFromSeed(seed, ws, "👍", reaction.getJsonObject("reactor")));

        assertThat(got.json()).isEqualTo(seed);
        // byte for byte too: the seed's emoji as their UTF-8 bytes, not as escaped surrogate pairs
        assertThat(got.bodyText()).isEqualTo(seed.encode()).contains("\"emoji\":\"👍\"");
    }

    static JsonObject reactionFromSeed(JsonObject seed, String workspace, String emoji, JsonObject reactor) {
        JsonObject r = seed.getJsonObject("reaction");
        return new JsonObject()
                .put("id", "react-" + Events.uid())
                .put("workspace_id", workspace)
                .put("type", "reaction")
                .put("chat", seed.getJsonObject("chat").copy())
                .put("whatsapp_account", seed.getJsonObject("whatsapp_account").copy())
                .put(
                        "reaction",
                        new JsonObject()
                                .put("message_uid", r.getString("message_uid"))
                                .put("action", "set")
                                .put("emoji", emoji)
                                .put("reactor", reactor.copy())
                                .put("timestamp", "2026-05-24T12:00:00+02:00"));
    }

    @Test
    void messageTypesAreDeliveredInV2AndTheLegacyFormat() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url("/new"), "message:new");
        hookline.webhook(ws, receiver.url("/sent"), "message:sent:new");
        hookline.webhook(ws, receiver.url("/received"), "message:received:new");
        hookline.webhook(ws, receiver.url("/legacy"), "message:new", "legacy");
        JsonObject expected = resource("message-v2.expected.json");

        JsonObject sent = messageInput(ws, "sent", "2024-01-08T10:35:18+02:00");
        assertThat(hookline.postEvent(sent).status()).isEqualTo(202);
        JsonObject received = messageInput(ws, "received", "2024-01-08T10:35:18+02:00");
        assertThat(hookline.postEvent(received).status()).isEqualTo(202);

        receiver.await(6, WAIT);
        assertThat(body(receiver, "/new", sent)).isEqualTo(expected);
        assertThat(body(receiver, "/sent", sent)).isEqualTo(expected.copy().put("event_type", "message:sent:new"));
        JsonObject expectedReceived = expected.copy().put("event_type", "message:received:new");
        expectedReceived.getJsonObject("message").put("direction", "received");
        assertThat(body(receiver, "/received", received)).isEqualTo(expectedReceived);
        assertThat(body(receiver, "/new", received))
                .isEqualTo(expectedReceived.copy().put("event_type", "message:new"));
        assertThat(receiver.requests(r -> r.path().equals("/sent"))).hasSize(1);
        assertThat(receiver.requests(r -> r.path().equals("/received"))).hasSize(1);
        JsonObject legacy = resource("message-legacy.seed.json");
        JsonObject legacyReceived = legacy.copy();
        legacyReceived
                .getJsonObject("message")
                .put("direction", "received")
                .put("timestamp", "2024-01-08T10:35:18+0200");
        legacy.getJsonObject("message").put("timestamp", "2024-01-08T10:35:18+0200");
        assertThat(body(receiver, "/legacy", sent)).isEqualTo(legacy);
        assertThat(body(receiver, "/legacy", received)).isEqualTo(legacyReceived);
    }

    @Test
    void legacyFormatMatchesTheSeedDocumentIncludingItsTimestampStyle() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:sent:new", "legacy");
        JsonObject input = messageInput(ws, "sent", "2021-02-24T06:25:29Z");

        Receiver.Request got = deliver(ws, receiver, input);

        assertThat(got.json()).isEqualTo(resource("message-legacy.seed.json"));
        assertThat(got.bodyText()).contains("\"timestamp\":\"2021-02-24T06:25:29+0000\"");
    }

    @Test
    void legacyMessageWithoutAttachmentsHasANullAttachmentAndEveryKey() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:new", "legacy");
        JsonObject input = messageInput(ws, "received", "2021-02-24T06:25:29Z");
        input.getJsonObject("message").remove("attachments");
        input.getJsonObject("message").remove("sender");

        JsonObject got = deliver(ws, receiver, input).json().getJsonObject("message");

        assertThat(got.fieldNames())
                .containsExactlyInAnyOrder(
                        "whatsapp account",
                        "contact",
                        "direction",
                        "timestamp",
                        "message_id",
                        "sender",
                        "receiver",
                        "text",
                        "attachment");
        assertThat(got.getValue("attachment")).isNull();
        assertThat(got.getValue("sender")).isNull();
    }

    /** The seed's legacy values, expressed as a producer message event. */
    private static JsonObject messageInput(String ws, String direction, String timestamp) {
        return new JsonObject()
                .put("id", "msg-" + Events.uid())
                .put("workspace_id", ws)
                .put("type", "message")
                .put(
                        "chat",
                        new JsonObject()
                                .put("chat_id", 777)
                                .put("full_name", "Jane Smith")
                                .put("chat_url", "https://app.timelines.ai/chat/777/messages/")
                                .put("chat_type", "direct")
                                .put("phone", "+972550000000")
                                .put("responsible_name", "Agent Brown")
                                .put("responsible_email", "brown@example.com"))
                .put(
                        "whatsapp_account",
                        new JsonObject()
                                .put("whatsapp_account_wid", "972540000000@s.whatsapp.net")
                                .put("full_name", "John Doe")
                                .put("email", "john.doe@acme.com")
                                .put("phone", "+972540000000"))
                .put(
                        "message",
                        new JsonObject()
                                .put("message_uid", "ddfskhsd76dsfs6dsd5skjsdhf")
                                .put("direction", direction)
                                .put("origin", "whatsapp")
                                .put("timestamp", timestamp)
                                .put("text", "lorem ipsum")
                                .put("sender", Events.person("John Doe", "+972540000000"))
                                .put("recipient", Events.person("Jane Smith", "+972550000000"))
                                .put(
                                        "attachments",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put(
                                                                "download_url",
                                                                "https://www.python.org/ftp/python/3.9.0/Python-3.9.0.tgz")
                                                        .put("filename", "Python-3.9.0.tgz")
                                                        .put("size", 26000000)
                                                        .put("mimetype", "application/gzip"))));
    }

    private static JsonObject body(Receiver receiver, String path, JsonObject event) {
        return receiver.requests(
                        r -> r.path().equals(path) && event.getString("id").equals(r.header("webhook-id")))
                .get(0)
                .json();
    }

    @Test
    void requestsCarryStandardWebhooksHeadersThatVerifyWithTheWebhookSecret() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");
        JsonObject other = hookline.webhook(newWorkspace(), receiver.url("/other"), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        long before = Instant.now().getEpochSecond();

        Receiver.Request got = deliver(ws, receiver, event);

        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.header("content-type")).isEqualTo("application/json");
        assertThat(got.header("user-agent")).startsWith("Hookline/");
        assertThat(got.header("webhook-id")).isEqualTo(event.getString("id"));
        assertThat(Long.parseLong(got.header("webhook-timestamp")))
                .isBetween(before - 1, Instant.now().getEpochSecond());
        assertThat(got.header("webhook-signature")).startsWith("v1,");
        assertThat(new StandardWebhooksVerifier(webhook.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                got.body()))
                .as("signature verifies with this webhook's secret")
                .isTrue();
        assertThat(new StandardWebhooksVerifier(other.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                got.body()))
                .as("and not with another webhook's secret")
                .isFalse();
        byte[] tampered = got.bodyText().replace("Hello", "Hallo").getBytes(StandardCharsets.UTF_8);
        assertThat(new StandardWebhooksVerifier(webhook.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                tampered))
                .as("nor for a changed body")
                .isFalse();
    }
}
