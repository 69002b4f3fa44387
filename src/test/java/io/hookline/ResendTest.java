package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Verifies resend: one event sent again to one webhook, rendered for it, with the event's own
 * {@code webhook-id}, recorded with {@code "trigger": "resend"}, and counted like a delivery (failure run,
 * auto-disable, activations); 404, 422 {@code event_not_deliverable} and 409 {@code webhook_disabled} otherwise.
 */
class ResendTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Two requests at a time per webhook, so a resend can be made to wait in its lane. */
    @Override
    protected JsonObject settings() {
        return new JsonObject().put("max_in_flight_per_webhook", 2);
    }

    private Http.Response resend(String ws, String webhookId, String eventId) {
        return hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks/" + webhookId + "/resend",
                new JsonObject().put("event_id", eventId));
    }

    /**
     * A resend waiting in its webhook's lane (behind a request the receiver holds) when the webhook is deleted is not
     * sent; that was answered 409 webhook_disabled (black-box review). It is the 404 of a webhook that is gone.
     */
    @Test
    void aResendWhoseWebhookIsDeletedBeforeItGoesOutIsA404() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(2000);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject held = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(held).status()).isEqualTo(202);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        receiver.await(2, WAIT); // both on the wire, held: the lane's requests in flight are taken
        java.util.concurrent.CompletableFuture<Http.Response> resent =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> resend(ws, id, event.getString("id")));
        Receiver.sleep(300);
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                        .status())
                .isEqualTo(204);
        Http.Response r = resent.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }

    @Test
    void aFailedEventIsSentAgainWithItsOwnIdOnceTheReceiverIsFixed() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:received:new", "legacy");
        String id = webhook.getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        Receiver.Request first = receiver.awaitEvent(event.getString("id"), WAIT);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", event.getString("id"));
        receiver.answer(200);

        Http.Response r = resend(ws, id, event.getString("id"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject attempt = r.json();
        assertThat(attempt.getString("trigger")).isEqualTo("resend");
        assertThat(attempt.getBoolean("test")).isFalse();
        assertThat(attempt.getBoolean("success")).isTrue();
        assertThat(attempt.getString("event_id")).isEqualTo(event.getString("id"));
        assertThat(attempt.getString("event_type")).isEqualTo("message:received:new");
        List<Receiver.Request> got =
                receiver.requests(q -> event.getString("id").equals(q.header("webhook-id")));
        assertThat(got).hasSize(2);
        Receiver.Request again = got.get(1);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.json().getJsonObject("message").getString("direction")).isEqualTo("received");
        assertThat(attempt.getJsonObject("request").getJsonObject("body")).isEqualTo(again.json());
        assertThat(attempt.getJsonObject("request").getJsonObject("headers").getString("webhook-signature"))
                .isEqualTo(again.header("webhook-signature"));
        assertThat(new StandardWebhooksVerifier(webhook.getString("secret"))
                        .verify(
                                again.header("webhook-id"),
                                again.header("webhook-timestamp"),
                                again.header("webhook-signature"),
                                again.body()))
                .isTrue();

        JsonObject log = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/log", null)
                .jsonArray()
                .getJsonObject(0);
        assertThat(log.getLong("id")).isEqualTo(attempt.getLong("id"));
        assertThat(log.getString("trigger")).isEqualTo("resend");
        JsonObject state = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
        assertThat(state.getInteger("errors_counter"))
                .as("the success ended the failure run")
                .isZero();
        assertThat(state.getJsonObject("stats").getInteger("activations")).isEqualTo(2);
    }

    @Test
    void resendsCountTowardAutoDisableAndADisabledWebhookGetsNone() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(503);
        String id = hookline.webhook(ws, receiver.url(), "call:incoming:missed").getString("id");
        JsonObject call = Events.call(ws, "incoming", "Missed");
        assertThat(hookline.postEvent(call).status()).isEqualTo(202);
        receiver.awaitEvent(call.getString("id"), WAIT);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", call.getString("id"));

        for (int i = 2; i <= 11; i++) {
            Http.Response r = resend(ws, id, call.getString("id"));
            assertThat(r.status()).as("resend %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.json().getBoolean("success")).isFalse();
        }

        JsonObject state = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
        assertThat(state.getBoolean("enabled")).isFalse();
        assertThat(state.getString("disabled_reason")).isEqualTo("too_many_failures");
        assertThat(state.getInteger("errors_counter")).isEqualTo(11);
        Http.Response refused = resend(ws, id, call.getString("id"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("webhook_disabled");
        assertThat(receiver.requests()).hasSize(11);
    }

    @Test
    void aSkippedEventThatAResendSentShowsAsDispatchedInEventLookup() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        String webhook = "/v1/workspaces/" + ws + "/webhooks/" + id;
        assertThat(hookline.admin("PATCH", webhook, new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(
                1,
                "SELECT count(*) FROM events WHERE id = ? AND " + SKIP_REASON + " = 'no_matching_webhook'",
                event.getString("id"));
        String lookup = "/v1/workspaces/" + ws + "/events/" + event.getString("id");
        JsonObject skipped = hookline.admin("GET", lookup, null).json();
        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertThat(skipped.getString("skip_reason")).isEqualTo("no_matching_webhook");

        assertThat(hookline.admin("PATCH", webhook, new JsonObject().put("enabled", true))
                        .status())
                .isEqualTo(200);
        Http.Response r = resend(ws, id, event.getString("id"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);

        JsonObject sent = hookline.admin("GET", lookup, null).json();
        assertThat(sent.getString("status")).as(sent.encode()).isEqualTo("dispatched");
        assertThat(sent.containsKey("skip_reason")).isTrue();
        assertThat(sent.getString("skip_reason")).isNull();
        assertThat(sent.getJsonArray("deliveries")).hasSize(1);
        JsonObject delivery = sent.getJsonArray("deliveries").getJsonObject(0);
        assertThat(delivery.getString("webhook_id")).isEqualTo(id);
        assertThat(delivery.getString("outcome")).isEqualTo("delivered");
        assertThat(delivery.getString("trigger")).isEqualTo("resend");
    }

    @Test
    void aResendTheWebhooksFilterRejectsSaysSo() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        Http.Response created = hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject()
                        .put("url", receiver.url())
                        .put("event_types", new io.vertx.core.json.JsonArray().add("call:incoming:missed"))
                        .put("filter", new JsonObject().put("chat_type", "group")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject direct = Events.call(ws, "incoming", "Missed");
        assertThat(direct.getJsonObject("chat").getString("chat_type")).isEqualTo("direct");
        assertThat(hookline.postEvent(direct).status()).isEqualTo(202);

        Http.Response r = resend(ws, created.json().getString("id"), direct.getString("id"));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("event_not_deliverable");
        assertThat(r.json().getJsonObject("error").getString("message")).endsWith("its filter rejects it.");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void anEventIdNoEventCanHaveIsA404NotAServerError() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (String eventId : List.of("a\u0000b", "x".repeat(129))) {
            Http.Response r = resend(ws, id, eventId);
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
            assertThat(r.json().getJsonObject("error").getString("message")).contains("without NUL");
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void unknownOrUndeliverableEventsAreRefused() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "call:incoming:missed").getString("id");
        JsonObject message = Events.message(ws, Events.uid(), "sent");
        JsonObject ringing = Events.call(ws, "incoming", "Ringing");
        assertThat(hookline.postEvent(message).status()).isEqualTo(202);
        assertThat(hookline.postEvent(ringing).status()).isEqualTo(202);

        Http.Response unknown = resend(ws, id, "no-such-event");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
        assertThat(resend(ws, UUID.randomUUID().toString(), message.getString("id"))
                        .status())
                .isEqualTo(404);
        for (JsonObject event : List.of(message, ringing)) {
            Http.Response r = resend(ws, id, event.getString("id"));
            assertThat(r.status()).as(event.getString("id")).isEqualTo(422);
            assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("event_not_deliverable");
        }
        Http.Response noId =
                hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/resend", new JsonObject());
        assertThat(noId.status()).isEqualTo(422);
        assertThat(receiver.requests()).isEmpty();
    }
}
