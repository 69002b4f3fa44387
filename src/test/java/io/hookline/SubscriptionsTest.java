package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OpenApiDocument;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies subscriptions against real receivers: several event types per webhook (at most one POST per event, with
 * the most specific type), payload filters (with what event lookup says about filtered events), and the rules of the
 * management API for both, including the audit log.
 */
class SubscriptionsTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Http.Response create(String ws, JsonObject body) {
        return hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks", body);
    }

    private JsonObject created(String ws, JsonObject body) {
        Http.Response r = create(ws, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonObject hook(String url, String... types) {
        return new JsonObject().put("url", url).put("event_types", new JsonArray(List.of((Object[]) types)));
    }

    private JsonObject lookup(String ws, String eventId) {
        return hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + eventId, null)
                .json();
    }

    /** Polls event lookup until the event is no longer pending. */
    private JsonObject settled(String ws, String eventId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = lookup(ws, eventId);
            if (!"pending".equals(last.getString("status"))) {
                return last;
            }
            Receiver.sleep(20);
        }
        throw new AssertionError("event " + eventId + " still pending: " + last);
    }

    private void post(JsonObject event) {
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
    }

    @Test
    void aWebhookObjectCarriesEventTypesInTheOrderGivenAndEventTypeAsTheFirst() {
        String ws = newWorkspace();
        JsonObject webhook = created(
                ws, hook("https://example.com/a", "message:received:new", "call:incoming:missed", "message:reaction"));
        assertThat(webhook.getJsonArray("event_types"))
                .containsExactly("message:received:new", "call:incoming:missed", "message:reaction");
        assertThat(webhook.getString("event_type")).isEqualTo("message:received:new");
        assertThat(webhook.getValue("filter")).isNull();
        assertThat(webhook.getInteger("reaction_window_ms")).isZero();
        assertThat(OpenApiDocument.load()
                        .validate("/components/schemas/Webhook", OpenApiDocument.json(webhook.encode())))
                .isEmpty();

        JsonObject single = created(
                ws, new JsonObject().put("url", "https://example.com/b").put("event_type", "call:outgoing:ended"));
        assertThat(single.getJsonArray("event_types")).containsExactly("call:outgoing:ended");
        JsonObject listed = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(1);
        assertThat(listed.getJsonArray("event_types"))
                .containsExactly("message:received:new", "call:incoming:missed", "message:reaction");
    }

    @Test
    void givingBothOrNeitherOrABadListIsA422() {
        String ws = newWorkspace();
        String url = "https://example.com/x";
        assertRefused(ws, hook(url, "message:new").put("event_type", "message:new"), "event_types");
        assertRefused(ws, new JsonObject().put("url", url), "event_type");
        assertRefused(ws, hook(url), "event_types");
        assertRefused(ws, hook(url, "message:new", "message:new"), "event_types");
        assertRefused(ws, hook(url, "message:new", "message:deleted"), "event_types");
        assertRefused(ws, new JsonObject().put("url", url).put("event_types", "message:new"), "event_types");
        assertRefused(
                ws,
                hook(
                        url,
                        "message:new",
                        "message:sent:new",
                        "message:received:new",
                        "call:incoming:missed",
                        "call:incoming:ended",
                        "call:outgoing:ended",
                        "message:reaction",
                        "message:new"),
                "event_types");
        assertRefused(ws, hook(url, "message:new", "call:incoming:missed").put("format", "legacy"), "format");
        assertThat(created(
                                ws,
                                hook(url, "message:sent:new", "message:received:new")
                                        .put("format", "legacy"))
                        .getString("format"))
                .isEqualTo("legacy");
        assertThat(created(
                                ws,
                                hook(
                                        url,
                                        "message:new",
                                        "message:sent:new",
                                        "message:received:new",
                                        "call:incoming:missed",
                                        "call:incoming:ended",
                                        "call:outgoing:ended",
                                        "message:reaction"))
                        .getJsonArray("event_types"))
                .hasSize(7);
    }

    @Test
    void badFiltersAreA422NamingTheKey() {
        String ws = newWorkspace();
        String url = "https://example.com/x";
        assertRefused(ws, hook(url, "message:new").put("filter", new JsonObject().put("chat", "group")), "filter.chat");
        assertRefused(
                ws,
                hook(url, "message:new").put("filter", new JsonObject().put("chat_type", new JsonArray())),
                "filter.chat_type");
        assertRefused(
                ws, hook(url, "message:new").put("filter", new JsonObject().put("chat_id", "12")), "filter.chat_id");
        assertRefused(ws, hook(url, "message:new").put("filter", new JsonArray()), "filter");
        assertRefused(ws, hook(url, "message:new").put("reaction_window_ms", 1000), "reaction_window_ms");
        assertRefused(ws, hook(url, "message:reaction").put("reaction_window_ms", 60001), "reaction_window_ms");
        assertRefused(ws, hook(url, "message:reaction").put("reaction_window_ms", "5"), "reaction_window_ms");
    }

    /**
     * A filter of thousands of unknown keys: the message named every one (700 KB for 5,400 keys); now it names the
     * first five and counts the rest, and nothing is created.
     */
    @Test
    void aFilterOfThousandsOfUnknownKeysGetsAShortAnswer() {
        String ws = newWorkspace();
        JsonObject filter = new JsonObject();
        for (int i = 0; i < 5400; i++) {
            filter.put("k" + i, 1);
        }

        Http.Response r =
                create(ws, hook("https://example.com/x", "message:new").put("filter", filter));

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        String message = r.json().getJsonObject("error").getString("message");
        assertThat(message)
                .startsWith("The webhook is invalid: filter.k0 is not a filter key; the keys are ")
                .endsWith(". 5400 problems were found; the first 50 are listed.")
                .doesNotContain("more");
        assertThat(message.split("is not a filter key", -1)).hasSize(6);
        assertThat(r.json().getJsonObject("error").getJsonArray("details")).hasSize(50);
        assertThat(r.body().length()).isLessThan(16_000);
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .isEmpty();

        JsonObject ten = new JsonObject();
        for (int i = 0; i < 10; i++) {
            ten.put("k" + i, 1);
        }
        Http.Response few =
                create(ws, hook("https://example.com/x", "message:new").put("filter", ten));
        assertThat(few.json().getJsonObject("error").getString("message")).endsWith("; and 5 more.");
        assertThat(few.json().getJsonObject("error").getJsonArray("details")).hasSize(10);
    }

    private void assertRefused(String ws, JsonObject body, String field) {
        Http.Response r = create(ws, body);
        assertThat(r.status()).as(body.encode() + " → " + r.body()).isEqualTo(422);
        assertThat(r.errorCode()).isNotBlank();
        assertThat(r.json().getJsonObject("error").getJsonArray("details").stream()
                        .map(d -> ((JsonObject) d).getString("field"))
                        .toList())
                .as(r.body())
                .contains(field);
    }

    /**
     * {@code reaction_window_ms: null} means the default (no folding) on a change as on create; before, create took it
     * and a change refused it. A string is named as a string in the error.
     */
    @Test
    void aNullReactionWindowIsTheDefaultOnCreateAndOnChangeAndAStringIsNamedAsOne() {
        String ws = newWorkspace();
        String url = receiver().url();
        Http.Response created = create(ws, hook(url, "message:reaction").put("reaction_window_ms", 1000));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = "/v1/workspaces/" + ws + "/webhooks/" + created.json().getString("id");

        Http.Response changed = hookline.admin("PATCH", path, new JsonObject().putNull("reaction_window_ms"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().getInteger("reaction_window_ms")).isZero();
        Http.Response refused = hookline.admin("PATCH", path, new JsonObject().put("reaction_window_ms", "100"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().getJsonObject("error").getString("message"))
                .contains("reaction_window_ms must be an integer from 0 to 60000 (got \"100\")");

        // as the OpenAPI says: on create null is the default for format and enabled too; a change refuses it there
        Http.Response nulls =
                create(ws, hook(url, "message:new").putNull("format").putNull("enabled"));
        assertThat(nulls.status()).as(nulls.body()).isEqualTo(201);
        assertThat(nulls.json().getString("format")).isEqualTo("v2");
        assertThat(nulls.json().getBoolean("enabled")).isTrue();
        Http.Response nullEnabled = hookline.admin("PATCH", path, new JsonObject().putNull("enabled"));
        assertThat(nullEnabled.status()).as(nullEnabled.body()).isEqualTo(422);
    }

    @Test
    void anEventGoesOnceToAWebhookAsTheMostSpecificOfItsTypes() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        created(
                ws,
                hook(receiver.url(), "message:new", "message:sent:new", "call:incoming:missed", "message:reaction"));
        String uid = Events.uid();
        JsonObject sent = Events.message(ws, uid, "sent");
        JsonObject received = Events.message(ws, Events.uid(), "received");
        JsonObject missed = Events.call(ws, "incoming", "Missed");
        JsonObject reaction = Events.reaction(ws, uid, "set", "👍", Events.person("Ann", "+1555"));
        for (JsonObject event : List.of(sent, received, missed, reaction)) {
            post(event);
            settled(ws, event.getString("id"));
        }
        assertThat(receiver.awaitEvent(sent.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("message:sent:new");
        assertThat(receiver.awaitEvent(received.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("message:new");
        assertThat(receiver.awaitEvent(missed.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("call:incoming:missed");
        assertThat(receiver.awaitEvent(reaction.getString("id"), WAIT)
                        .json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getString("👍"))
                .isEqualTo("1");
        assertThat(receiver.requests()).hasSize(4);
        JsonArray deliveries = lookup(ws, sent.getString("id")).getJsonArray("deliveries");
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.getJsonObject(0).getString("event_type")).isEqualTo("message:sent:new");
    }

    @Test
    void aFilterSendsOnlyMatchingEventsAndLookupSaysWhyTheOthersWereNot() {
        String ws = newWorkspace();
        Receiver groups = receiver();
        JsonObject webhook = created(
                ws,
                hook(groups.url(), "message:new", "call:incoming:missed")
                        .put(
                                "filter",
                                new JsonObject()
                                        .put("chat_type", "group")
                                        .put(
                                                "direction",
                                                new JsonArray().add("received").add("incoming"))));
        assertThat(webhook.getJsonObject("filter").getString("chat_type")).isEqualTo("group");

        JsonObject direct = Events.message(ws, Events.uid(), "received");
        JsonObject groupSent = Events.message(ws, Events.uid(), "sent");
        groupSent.getJsonObject("chat").put("chat_type", "group");
        JsonObject groupReceived = Events.message(ws, Events.uid(), "received");
        groupReceived.getJsonObject("chat").put("chat_type", "group");
        JsonObject groupCall = Events.call(ws, "incoming", "Missed");
        groupCall.getJsonObject("chat").put("chat_type", "group");
        for (JsonObject event : List.of(direct, groupSent, groupReceived, groupCall)) {
            post(event);
        }
        groups.awaitEvent(groupReceived.getString("id"), WAIT);
        groups.awaitEvent(groupCall.getString("id"), WAIT);

        for (JsonObject out : List.of(direct, groupSent)) {
            JsonObject found = settled(ws, out.getString("id"));
            assertThat(found.getString("status")).isEqualTo("skipped");
            assertThat(found.getString("skip_reason")).isEqualTo("filtered_out");
            JsonObject delivery = found.getJsonArray("deliveries").getJsonObject(0);
            assertThat(delivery.getString("webhook_id")).isEqualTo(webhook.getString("id"));
            assertThat(delivery.getString("outcome")).isEqualTo("dropped");
            assertThat(delivery.getString("reason")).isEqualTo("filtered_out");
        }
        assertThat(groups.requests()).hasSize(2);
    }

    @Test
    void anEventFilteredOutForOneWebhookButSentToAnotherIsDispatched() {
        String ws = newWorkspace();
        Receiver all = receiver();
        Receiver filtered = receiver();
        created(ws, hook(all.url(), "call:incoming:missed"));
        JsonObject picky = created(
                ws, hook(filtered.url(), "call:incoming:missed").put("filter", new JsonObject().put("chat_id", 42)));
        JsonObject call = Events.call(ws, "incoming", "Missed");
        post(call);
        all.awaitEvent(call.getString("id"), WAIT);
        JsonObject found = settled(ws, call.getString("id"));
        assertThat(found.getString("status")).isEqualTo("dispatched");
        assertThat(found.getValue("skip_reason")).isNull();
        assertThat(found.getJsonArray("deliveries")).hasSize(2);
        assertThat(found.getJsonArray("deliveries").getJsonObject(1).getString("webhook_id"))
                .isEqualTo(picky.getString("id"));
        assertThat(found.getJsonArray("deliveries").getJsonObject(1).getString("reason"))
                .isEqualTo("filtered_out");
        assertThat(filtered.requests()).isEmpty();
    }

    /**
     * Events held in memory for a slow receiver are parked after two seconds (so the watermark can move), and still go
     * out as routed when the filter changes meanwhile: lookup must not call them dropped before they are delivered.
     */
    @Test
    void eventsWaitingInMemoryWhenTheFilterChangesArePendingAndThenDelivered() {
        String ws = newWorkspace();
        Receiver slow = receiver().delay(3000);
        String id = created(
                        ws, hook(slow.url(), "message:new").put("filter", new JsonObject().put("direction", "sent")))
                .getString("id");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 10; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
        awaitCount(
                10,
                "SELECT count(*) FROM pending_events p JOIN events e ON e.seq = p.seq WHERE e.workspace_id = ?",
                ws);

        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject().put("filter", new JsonObject().put("direction", "received")))
                        .status())
                .isEqualTo(200);

        for (Object event : batch) {
            JsonObject seen = lookup(ws, ((JsonObject) event).getString("id"));
            assertThat(seen.getJsonArray("deliveries").getJsonObject(0).getString("outcome"))
                    .as(seen.encode())
                    .isIn("pending", "delivered");
        }
        assertThat(slow.await(10, WAIT)).hasSize(10);
        for (Object event : batch) {
            JsonObject seen = settled(ws, ((JsonObject) event).getString("id"));
            assertThat(seen.getString("status")).as(seen.encode()).isEqualTo("dispatched");
            assertThat(seen.getJsonArray("deliveries").getJsonObject(0).getString("outcome"))
                    .isEqualTo("delivered");
        }
    }

    @Test
    void patchChangesTypesAndFilterAndTheAuditLogShowsBeforeAndAfter() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = created(ws, hook(receiver.url(), "message:new")).getString("id");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + id;

        Http.Response both = hookline.admin(
                "PATCH",
                path,
                new JsonObject()
                        .put("event_type", "message:new")
                        .put("event_types", new JsonArray().add("message:new")));
        assertThat(both.status()).isEqualTo(422);
        Http.Response patched = hookline.admin(
                "PATCH",
                path,
                new JsonObject()
                        .put(
                                "event_types",
                                new JsonArray().add("call:incoming:missed").add("message:received:new"))
                        .put("filter", new JsonObject().put("call_status", "Missed")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getString("event_type")).isEqualTo("call:incoming:missed");
        assertThat(patched.json().getJsonObject("filter").getString("call_status"))
                .isEqualTo("Missed");
        assertThat(OpenApiDocument.load().validate("/components/schemas/Webhook", OpenApiDocument.json(patched.body())))
                .isEmpty();

        JsonObject call = Events.call(ws, "incoming", "Missed");
        JsonObject message = Events.message(ws, Events.uid(), "received");
        post(message);
        post(call);
        assertThat(receiver.awaitEvent(call.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("call:incoming:missed");
        assertThat(settled(ws, message.getString("id")).getString("skip_reason"))
                .isEqualTo("filtered_out");

        Http.Response removed = hookline.admin("PATCH", path, new JsonObject().put("filter", new JsonObject()));
        assertThat(removed.json().getValue("filter")).isNull();
        JsonObject again = Events.message(ws, Events.uid(), "received");
        post(again);
        assertThat(receiver.awaitEvent(again.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("message:received:new");

        JsonArray audit = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null)
                .json()
                .getJsonArray("data");
        JsonObject change = audit.stream()
                .map(JsonObject.class::cast)
                .filter(e -> "webhook.updated".equals(e.getString("action")))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(jsonOf(change.getValue("before")).getJsonArray("event_types"))
                .containsExactly("message:new");
        assertThat(jsonOf(change.getValue("after")).getJsonArray("event_types"))
                .containsExactly("call:incoming:missed", "message:received:new");
        assertThat(jsonOf(change.getValue("after")).getJsonObject("filter").getString("call_status"))
                .isEqualTo("Missed");
    }

    private static JsonObject jsonOf(Object value) {
        return value instanceof JsonObject o ? o : new JsonObject(value.toString());
    }
}
