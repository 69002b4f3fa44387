package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Verifies the admin's view of deliveries after a known sequence of successes and failures: attempts summary, log
 * download, stats, save-and-test, event lookup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryHistoryTest extends IntegrationTest {

    private static final int TIMEOUT_MS = 700;
    private String ws;
    private Receiver receiver;
    private JsonObject webhook;
    private String base;
    private final List<JsonObject> sent = new java.util.ArrayList<>();

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("delivery_timeout_ms", TIMEOUT_MS);
    }

    /** M1 → 200, M2 → 500 "down", M3 → 201, M4 → no answer (timeout), one at a time. */
    @BeforeAll
    void knownSequence() {
        ws = newWorkspace();
        receiver = receiver();
        webhook = hookline.webhook(ws, receiver.url(), "message:new");
        base = "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id");
        Http.Response nothing = hookline.admin("POST", base + "/test", null);
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(nothing.errorCode()).isEqualTo("nothing_to_send");

        deliver(() -> receiver.answer(200).answerBody("fine"));
        deliver(() -> receiver.answer(500).answerBody("down").answerHeaders(Map.of("retry-after", "60")));
        deliver(() -> receiver.answer(201).answerBody("created").answerHeaders(Map.of()));
        deliver(() -> receiver.hang());
        awaitCount(4, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
    }

    private void deliver(Runnable behaviour) {
        behaviour.run();
        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20));
        awaitCount(sent.size() + 1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        sent.add(event);
    }

    private String id(int i) {
        return sent.get(i).getString("id");
    }

    @Test
    void attemptsSummaryIsNewestFirstAndExact() {
        JsonArray data = hookline.admin("GET", base + "/attempts", null).json().getJsonArray("data");
        assertThat(data).hasSize(4);
        assertThat(data.stream()
                        .map(a -> ((JsonObject) a).getString("event_id"))
                        .toList())
                .containsExactly(id(3), id(2), id(1), id(0));
        assertThat(data.stream()
                        .map(a -> ((JsonObject) a).getValue("status_code"))
                        .toList())
                .containsExactly(null, 201, 500, 200);
        assertThat(data.stream()
                        .map(a -> ((JsonObject) a).getBoolean("success"))
                        .toList())
                .containsExactly(false, true, false, true);
        assertThat(data.stream().map(a -> ((JsonObject) a).getString("error")).toList())
                .containsExactly("timeout after " + TIMEOUT_MS + " ms", null, "HTTP 500", null);
        JsonObject newest = data.getJsonObject(0);
        assertThat(newest.fieldNames())
                .contains(
                        "id",
                        "event_id",
                        "event_type",
                        "attempted_at",
                        "duration_ms",
                        "success",
                        "status_code",
                        "error",
                        "trigger");
        assertThat(data.stream().map(a -> ((JsonObject) a).getString("trigger")).toList())
                .containsOnly("delivery");
        assertThat(data.stream().map(a -> ((JsonObject) a).getBoolean("test")).toList())
                .containsOnly(false);
        assertThat(newest.getString("event_type")).isEqualTo("message:new");
        assertThat(newest.getInteger("duration_ms")).isGreaterThanOrEqualTo(TIMEOUT_MS - 50);

        assertThat(hookline.admin("GET", base + "/attempts?limit=2", null)
                        .json()
                        .getJsonArray("data"))
                .hasSize(2);
    }

    @Test
    void limitsOutside1To1000Are422() {
        for (String limit : List.of("0", "1001", "-5", "ten")) {
            Http.Response r = hookline.admin("GET", base + "/attempts?limit=" + limit, null);
            assertThat(r.status()).as(limit).isEqualTo(422);
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo("limit");
        }
        assertThat(hookline.admin("GET", base + "/log?limit=1000", null).status())
                .isEqualTo(200);
    }

    @Test
    void theLogDownloadHoldsWhatWasSentAndReceived() {
        Http.Response r = hookline.admin("GET", base + "/log", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-disposition"))
                .isEqualTo("attachment; filename=\"webhook-" + webhook.getString("id") + "-log.json\"");
        JsonArray log = r.jsonArray();
        assertThat(log).hasSize(4);
        for (int i = 0; i < 4; i++) {
            JsonObject entry = log.getJsonObject(3 - i);
            Receiver.Request got = receiver.requests().stream()
                    .filter(q -> entry.getString("event_id").equals(q.header("webhook-id")))
                    .findFirst()
                    .orElseThrow();
            assertThat(entry.getString("event_id")).isEqualTo(id(i));
            assertThat(entry.getBoolean("test")).isFalse();
            assertThat(entry.getString("trigger")).isEqualTo("delivery");
            JsonObject request = entry.getJsonObject("request");
            assertThat(request.getString("url")).isEqualTo(receiver.url());
            assertThat(request.getJsonObject("body")).isEqualTo(got.json());
            JsonObject headers = request.getJsonObject("headers");
            assertThat(headers.getString("webhook-id")).isEqualTo(id(i));
            assertThat(headers.getString("webhook-signature")).isEqualTo(got.header("webhook-signature"));
            assertThat(headers.getString("webhook-timestamp")).isEqualTo(got.header("webhook-timestamp"));
            assertThat(headers.getString("content-type")).isEqualTo("application/json");
        }
        JsonObject failed = log.getJsonObject(2);
        assertThat(failed.getJsonObject("response").getInteger("status_code")).isEqualTo(500);
        assertThat(failed.getJsonObject("response").getString("body")).isEqualTo("down");
        assertThat(failed.getJsonObject("response").getJsonObject("headers").getString("retry-after"))
                .isEqualTo("60");
        assertThat(failed.getString("error")).isEqualTo("HTTP 500");
        assertThat(log.getJsonObject(1).getJsonObject("response").getString("body"))
                .isEqualTo("created");
        assertThat(log.getJsonObject(0).getValue("response")).isNull();
        assertThat(log.getJsonObject(0).getString("error")).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
    }

    @Test
    void statsCountActivationsErrorRateAndTheLastResponse() {
        JsonObject stats = hookline.admin("GET", base, null).json().getJsonObject("stats");
        assertThat(stats.getInteger("activations")).isEqualTo(4);
        assertThat(stats.getDouble("error_rate")).isEqualTo(0.5);
        JsonObject last = stats.getJsonObject("last_response");
        assertThat(last.getValue("status_code")).isNull();
        assertThat(last.getString("error")).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
        assertThat(last.getString("at")).isNotNull();
        JsonObject listed = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(listed.getJsonObject("stats")).isEqualTo(stats);
    }

    @Test
    void eventLookupShowsDispatchedDeliveriesAndSkipReasons() {
        JsonObject dispatched = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + id(1), null)
                .json();
        assertThat(dispatched.getString("status")).isEqualTo("dispatched");
        assertThat(dispatched.getString("type")).isEqualTo("message");
        assertThat(dispatched.getValue("skip_reason")).isNull();
        assertThat(dispatched.getJsonArray("deliveries")).hasSize(1);
        JsonObject delivery = dispatched.getJsonArray("deliveries").getJsonObject(0);
        assertThat(delivery.getString("webhook_id")).isEqualTo(webhook.getString("id"));
        assertThat(delivery.getString("event_type")).isEqualTo("message:new");
        assertThat(delivery.getBoolean("success")).isFalse();
        assertThat(delivery.getInteger("status_code")).isEqualTo(500);

        JsonObject ringing = Events.call(ws, "incoming", "Ringing");
        assertThat(hookline.postEvent(ringing).status()).isEqualTo(202);
        JsonObject skipped = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + ringing.getString("id"), null)
                .json();
        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertThat(skipped.getString("skip_reason")).isEqualTo("call_not_final");
        assertThat(skipped.getString("type")).isEqualTo("call");
        assertThat(skipped.getJsonArray("deliveries")).isEmpty();

        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/events/no-such-event", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void saveAndTestSendsTheMostRecentMessageNowAndLogsItAsATest() {
        Receiver tester = receiver().answer(202).answerBody("thanks");
        String wsT = newWorkspace();
        JsonObject older = Events.message(wsT, Events.uid(), "sent");
        JsonObject newest = Events.message(wsT, Events.uid(), "received");
        hookline.postEvent(older);
        hookline.postEvent(newest);
        JsonObject hook = hookline.webhook(wsT, tester.url(), "message:sent:new", "legacy");
        String path = "/v1/workspaces/" + wsT + "/webhooks/" + hook.getString("id");

        // it takes no body: one sent by mistake (text, another call's fields) is refused and sends nothing
        Http.Response text = Http.send(
                "POST",
                hookline.adminUrl(path + "/test"),
                Hookline.ADMIN_TOKEN,
                "text/plain",
                "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).as(text.body()).isEqualTo(415);
        Http.Response fields = hookline.admin("POST", path + "/test", new JsonObject().put("event_id", "x"));
        assertThat(fields.status()).as(fields.body()).isEqualTo(422);
        assertThat(fields.json()
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("field"))
                .isEqualTo("event_id");
        assertThat(tester.requests()).isEmpty();

        Http.Response r = hookline.admin("POST", path + "/test", null);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject attempt = r.json();
        Receiver.Request got = tester.awaitEvent(newest.getString("id"), Duration.ofSeconds(5));
        assertThat(tester.requests()).hasSize(1);
        assertThat(attempt.getBoolean("test")).isTrue();
        assertThat(attempt.getString("trigger")).isEqualTo("test");
        assertThat(attempt.getBoolean("success")).isTrue();
        assertThat(attempt.getString("event_id")).isEqualTo(newest.getString("id"));
        assertThat(attempt.getString("event_type")).isEqualTo("message:sent:new");
        assertThat(attempt.getJsonObject("request").getJsonObject("body")).isEqualTo(got.json());
        assertThat(got.json().getJsonObject("message").getString("message_id"))
                .isEqualTo(newest.getJsonObject("message").getString("message_uid"));
        assertThat(attempt.getJsonObject("response").getInteger("status_code")).isEqualTo(202);
        assertThat(attempt.getJsonObject("response").getString("body")).isEqualTo("thanks");
        assertThat(new StandardWebhooksVerifier(hook.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                got.body()))
                .isTrue();

        JsonObject stats = hookline.admin("GET", path, null).json().getJsonObject("stats");
        assertThat(stats.getInteger("activations"))
                .as("tests are not activations")
                .isZero();
        assertThat(stats.getJsonObject("last_response").getInteger("status_code"))
                .isEqualTo(202);
        JsonObject logged =
                hookline.admin("GET", path + "/log", null).jsonArray().getJsonObject(0);
        assertThat(logged.getBoolean("test")).isTrue();
        assertThat(logged.getString("trigger")).isEqualTo("test");
        JsonObject summary = hookline.admin("GET", path + "/attempts", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(summary.getString("trigger")).isEqualTo("test");
        assertThat(summary.getBoolean("test")).isTrue();
        assertThat(logged.getLong("id")).isEqualTo(attempt.getLong("id"));
    }

    @Test
    void saveAndTestForOtherTypesUsesTheMostRecentEventOfThatType() {
        Receiver tester = receiver();
        String wsT = newWorkspace();
        JsonObject missed = Events.call(wsT, "incoming", "Missed");
        hookline.postEvent(missed);
        hookline.postEvent(Events.call(wsT, "incoming", "Ringing"));
        hookline.postEvent(Events.call(wsT, "outgoing", "Ended"));
        JsonObject missedHook = hookline.webhook(wsT, tester.url(), "call:incoming:missed");
        JsonObject reactionHook = hookline.webhook(wsT, tester.url(), "message:reaction");

        Http.Response r = hookline.admin(
                "POST", "/v1/workspaces/" + wsT + "/webhooks/" + missedHook.getString("id") + "/test", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().getString("event_id")).isEqualTo(missed.getString("id"));
        assertThat(r.json().getJsonObject("request").getJsonObject("body").getString("event_type"))
                .isEqualTo("call:incoming:missed");
        Http.Response none = hookline.admin(
                "POST", "/v1/workspaces/" + wsT + "/webhooks/" + reactionHook.getString("id") + "/test", null);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.errorCode()).isEqualTo("nothing_to_send");
    }
}
