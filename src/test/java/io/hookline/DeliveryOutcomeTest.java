package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies how each kind of receiver answer is recorded: exactly one attempt row per delivery with the right
 * outcome and error text, the full request and response on record, and never a second request (no resend).
 */
class DeliveryOutcomeTest extends IntegrationTest {

    private static final int TIMEOUT_MS = 800;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("delivery_timeout_ms", TIMEOUT_MS);
    }

    private Map<String, Object> onlyAttempt(String eventId) {
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);
        // negative check, a fixed window on purpose: long enough for a retry to show up if there were one
        Receiver.sleep(TIMEOUT_MS * 2L + 500);
        List<Map<String, Object>> rows = rows("SELECT * FROM attempts WHERE event_id = ?", eventId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private String send(String ws) {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        return event.getString("id");
    }

    @Test
    void aReceiverAnswering500IsOneFailedAttemptAndNoResend() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500).answerBody("boom").answerHeaders(Map.of("x-trace", "abc"));
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");

        String eventId = send(ws);
        Map<String, Object> attempt = onlyAttempt(eventId);

        assertThat(receiver.requests()).hasSize(1);
        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isEqualTo(500);
        assertThat(attempt.get("error")).isEqualTo("HTTP 500");
        assertThat(attempt.get("response_body")).isEqualTo("boom");
        assertThat(new JsonObject((String) attempt.get("response_headers")).getString("x-trace"))
                .isEqualTo("abc");
        assertThat(attempt.get("webhook_id").toString()).isEqualTo(webhook.getString("id"));
        assertThat(attempt.get("url")).isEqualTo(receiver.url());
        // only the signature is stored; the log derives the other request headers from the stored fields
        Receiver.Request got = receiver.requests().get(0);
        assertThat(attempt.get("signature")).isEqualTo(got.header("webhook-signature"));
        JsonObject requestHeaders = hookline.admin(
                        "GET", "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id") + "/log", null)
                .jsonArray()
                .getJsonObject(0)
                .getJsonObject("request")
                .getJsonObject("headers");
        assertThat(requestHeaders.getString("webhook-signature")).isEqualTo(got.header("webhook-signature"));
        assertThat(requestHeaders.getString("webhook-id")).isEqualTo(eventId);
        assertThat(requestHeaders.getString("webhook-timestamp")).isEqualTo(got.header("webhook-timestamp"));
    }

    @Test
    void aReceiversHeaderValuesAreStoredAsTheTextItWrote() {
        String ws = newWorkspace();
        // header bytes go out one per character: this sends the UTF-8 bytes of "café ✓", and one lone byte 0xE9
        String utf8 = new String("café ✓".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        Receiver receiver = receiver().answerHeaders(Map.of("x-note", utf8, "x-legacy", "caf\u00e9"));
        hookline.webhook(ws, receiver.url(), "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        JsonObject headers = new JsonObject((String) attempt.get("response_headers"));
        assertThat(headers.getString("x-note")).as("UTF-8 bytes").isEqualTo("café ✓");
        assertThat(headers.getString("x-legacy"))
                .as("a byte that is no UTF-8, read as Latin-1")
                .isEqualTo("café");
    }

    @Test
    void aUrlWithCharactersBeyondAsciiIsRequestedPercentEncoded() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url("/café/ünicode?name=zoë&x=%41"), "message:new");

        send(ws);

        Receiver.Request got = receiver.await(1, WAIT).get(0);
        // a request line is ASCII: the UTF-8 bytes go out as %XX, what was encoded already stays as it was
        assertThat(got.path()).isEqualTo("/caf%C3%A9/%C3%BCnicode");
        assertThat(got.query()).isEqualTo("name=zo%C3%AB&x=%41");
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutOnceAndIsNotRetried() {
        String ws = newWorkspace();
        Receiver receiver = receiver().hang();
        hookline.webhook(ws, receiver.url(), "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        assertThat(receiver.requests()).hasSize(1);
        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isNull();
        assertThat(attempt.get("error")).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
        assertThat((Integer) attempt.get("duration_ms")).isBetween(TIMEOUT_MS - 50, TIMEOUT_MS + 1500);
    }

    @Test
    void aRefusedConnectionIsOneFailedAttempt() throws IOException {
        String ws = newWorkspace();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        hookline.webhook(ws, "http://127.0.0.1:" + closedPort + "/hook", "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isNull();
        assertThat(attempt.get("error")).isEqualTo("connection refused");
    }

    @Test
    void clientErrorsAreFailuresToo() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(404).answerBody("no such hook");
        hookline.webhook(ws, receiver.url(), "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isEqualTo(404);
        assertThat(attempt.get("error")).isEqualTo("HTTP 404");
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsAFailureSayingSo() {
        String ws = newWorkspace();
        Receiver receiver = receiver().reset();
        hookline.webhook(ws, receiver.url(), "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        assertThat(receiver.requests()).hasSize(1);
        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isNull();
        assertThat((String) attempt.get("error")).isIn("connection reset", "connection closed before an answer");
    }

    @Test
    void aHostileAnswerWithNulBytesIsRecordedAndBlocksNobody() {
        String ws = newWorkspace();
        // not HTTP at all: a status line with a NUL byte, which ends up quoted in the client's error message
        NetServer hostile = receiverVertx
                .createNetServer()
                .connectHandler(socket ->
                        socket.handler(data -> socket.write("X\u0000/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")));
        int port = Await.result(hostile.listen(0, "127.0.0.1")).actualPort();
        hookline.webhook(ws, "http://127.0.0.1:" + port + "/hook", "message:new");
        Receiver healthy = receiver();
        hookline.webhook(ws, healthy.url(), "message:new");

        String first = send(ws);
        Map<String, Object> attempt = onlyAttemptFor(first, healthy.url());
        String second = send(ws);
        healthy.awaitEvent(second, Duration.ofSeconds(20));
        awaitCount(2, "SELECT count(*) FROM attempts WHERE event_id = ?", second);

        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat((String) attempt.get("error")).doesNotContain("\u0000").isNotBlank();
        Await.result(hostile.close());
    }

    private Map<String, Object> onlyAttemptFor(String eventId, String notUrl) {
        awaitCount(2, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);
        return rows("SELECT * FROM attempts WHERE event_id = ? AND url <> ?", eventId, notUrl)
                .get(0);
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailures() {
        String ws = newWorkspace();
        Receiver target = receiver();
        Receiver receiver = receiver().answer(302).answerHeaders(Map.of("location", target.url()));
        hookline.webhook(ws, receiver.url(), "message:new");

        Map<String, Object> attempt = onlyAttempt(send(ws));

        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("status_code")).isEqualTo(302);
        assertThat(attempt.get("error")).isEqualTo("HTTP 302");
        assertThat(target.requests()).isEmpty();
    }

    @Test
    void anyTwoHundredIsASuccessAndTheResponseIsStoredUpTo64KiB() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(204).answerBody("");
        Receiver chatty = receiver().answer(200).answerBody("z".repeat(200_000));
        hookline.webhook(ws, receiver.url(), "message:new");
        hookline.webhook(ws, chatty.url(), "message:new");

        String eventId = send(ws);
        awaitCount(2, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);

        List<Map<String, Object>> rows = rows(
                "SELECT status_code, success, error, length(response_body) AS len "
                        + "FROM attempts WHERE event_id = ? ORDER BY status_code",
                eventId);
        assertThat(rows).extracting(r -> r.get("status_code")).containsExactly(200, 204);
        assertThat(rows).extracting(r -> r.get("success")).containsOnly(true);
        assertThat(rows).extracting(r -> r.get("error")).containsOnly((Object) null);
        assertThat(rows.get(0).get("len")).isEqualTo(64 * 1024);
        // an answer without a body is stored as an empty body, not as a missing one
        assertThat(rows.get(1).get("len")).isEqualTo(0);
    }

    /** An answer cut at 64 KiB in the middle of a character keeps its whole characters only, not a U+FFFD. */
    @Test
    void anAnswerCutInsideACharacterEndsWithItsLastWholeCharacter() {
        String ws = newWorkspace();
        Receiver emoji = receiver().answer(200).answerBody("a" + "\uD83D\uDE00".repeat(20_000)); // 1 + 4 bytes each
        hookline.webhook(ws, emoji.url(), "message:new");

        String eventId = send(ws);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);

        String body = (String) rows("SELECT response_body FROM attempts WHERE event_id = ?", eventId)
                .get(0)
                .get("response_body");
        assertThat(body).doesNotContain("\uFFFD").endsWith("\uD83D\uDE00");
        // 65,536 bytes hold the "a" and 16,383 emoji, and three bytes of the next one, which are left out
        assertThat(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1 + 4 * 16_383);
    }

    @Test
    void theEventLeavesThePendingWorkOnceEveryDeliveryIsRecorded() {
        String ws = newWorkspace();
        Receiver ok = receiver();
        Receiver failing = receiver().answer(503);
        JsonObject okHook = hookline.webhook(ws, ok.url(), "message:new");
        JsonObject failingHook = hookline.webhook(ws, failing.url(), "message:new");

        String eventId = send(ws);
        awaitCount(2, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"dispatched"
                .equals(hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + eventId, null)
                        .json()
                        .getString("status"))) {
            assertThat(System.nanoTime())
                    .as("the event leaves the pending work in time")
                    .isLessThan(deadline);
            Receiver.sleep(20);
        }
        assertThat(count(
                        "SELECT count(*) FROM pending_events p JOIN events e ON e.seq = p.seq WHERE e.id = ?", eventId))
                .isZero();
        // the request body is not stored: the log renders it again, identical to what each receiver got
        for (Receiver receiver : List.of(ok, failing)) {
            String webhookId = receiver == ok ? okHook.getString("id") : failingHook.getString("id");
            JsonObject logged = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + webhookId + "/log", null)
                    .jsonArray()
                    .getJsonObject(0)
                    .getJsonObject("request")
                    .getJsonObject("body");
            assertThat(logged).isEqualTo(receiver.awaitEvent(eventId, WAIT).json());
        }
    }
}
