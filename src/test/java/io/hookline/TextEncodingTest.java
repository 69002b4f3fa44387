package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Verifies what ingest does with the encoding of the producer's bytes (issue 8, items 3 and 4): a UTF-8 byte order
 * mark is accepted and the event can be read back forever; anything PostgreSQL could not store as sent — UTF-16,
 * overlong UTF-8, encoded surrogates (400), lone surrogate escapes in JSON strings (422) — is refused before it
 * reaches the shared group commit, so good events committed alongside are unaffected; and the stored event is the
 * one delivered, byte for byte, on every later send.
 */
class TextEncodingTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Http.Response post(String path, byte[] body) {
        return Http.send("POST", hookline.ingestUrl(path), Hookline.INGEST_TOKEN, "application/json", body);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The event's JSON with {@code bad} as raw bytes in the middle of its message text. */
    private static byte[] withTextBytes(JsonObject event, byte[] bad) {
        String[] halves = event.copy()
                .put("message", event.getJsonObject("message").copy().put("text", "@@"))
                .encode()
                .split("@@");
        return concat(utf8(halves[0]), "Hello ".getBytes(StandardCharsets.US_ASCII), bad, utf8(halves[1]));
    }

    private long stored(String eventId) {
        return count("SELECT count(*) FROM events WHERE id = ?", eventId);
    }

    private static void isError(Http.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.errorCode()).isEqualTo(code);
    }

    @Test
    void aBodyStartingWithAByteOrderMarkIsDeliveredAndCanBeReadBackForTests() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String webhook = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject single = Events.message(ws, Events.uid(), "sent");
        JsonObject inBatch = Events.message(ws, Events.uid(), "received");

        assertThat(post("/v1/events", concat(BOM, utf8(single.encode()))).status())
                .isEqualTo(202);
        Http.Response batch = post(
                "/v1/events/batch",
                concat(
                        BOM,
                        utf8(new JsonObject()
                                .put("events", new JsonArray().add(inBatch))
                                .encode())));
        assertThat(batch.json().getJsonArray("results").getJsonObject(0).getString("status"))
                .isEqualTo("accepted");

        for (JsonObject event : List.of(single, inBatch)) {
            assertThat(receiver.awaitEvent(event.getString("id"), WAIT)
                            .json()
                            .getJsonObject("message")
                            .getString("message_uid"))
                    .isEqualTo(event.getJsonObject("message").getString("message_uid"));
            // the journal keeps the event's own text (the mark belongs to the body, not to the event)
            assertThat((byte[]) rows("SELECT body FROM events WHERE id = ?", event.getString("id"))
                            .get(0)
                            .get("body"))
                    .isEqualTo(utf8(event.encode()));
        }
        // save-and-test reads the most recent message back from the journal
        Http.Response test = hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + webhook + "/test", null);
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().getBoolean("success")).isTrue();
        List<Receiver.Request> copies =
                receiver.await(2, r -> inBatch.getString("id").equals(r.header("webhook-id")), WAIT);
        assertThat(copies.get(1).bodyText()).isEqualTo(copies.get(0).bodyText());
    }

    @Test
    void bodiesThatAreNotUtf8AreRefusedWith400AndNothingIsStored() {
        String ws = newWorkspace();
        for (int i = 0; i < 6; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            byte[] body = switch (i) {
                case 0 -> ("\uFEFF" + event.encode()).getBytes(StandardCharsets.UTF_16LE);
                case 1 -> event.encode().getBytes(StandardCharsets.UTF_16BE);
                case 2 -> withTextBytes(event, new byte[] {(byte) 0xC0, (byte) 0xAF}); // overlong '/'
                case 3 -> withTextBytes(event, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // encoded surrogate
                case 4 ->
                    withTextBytes(event, new byte[] {
                        (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB1, (byte) 0x8D
                    }); // CESU-8 pair
                default -> withTextBytes(event, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
            };

            isError(post("/v1/events", body), 400, "malformed_json");
            isError(post("/v1/events/batch", concat(utf8("{\"events\": ["), body, utf8("]}"))), 400, "malformed_json");
            assertThat(stored(event.getString("id"))).as("case %d", i).isZero();
        }
    }

    @Test
    void loneSurrogateEscapesAreRefusedWith422NamingTheFieldNeverStoredAsSomethingElse() {
        String ws = newWorkspace();
        String id = "ls-" + Events.uid();
        JsonObject lookalike = Events.message(ws, Events.uid(), "sent").put("id", id + "?");
        assertThat(hookline.postEvent(lookalike).status()).isEqualTo(202);
        String[][] cases = {
            {"id", id + "\\ud800"},
            {"message.text", "a\\udc00\\ud800b"},
            {"message.recipient.full_name", "Jane\\ud83d"},
            {"chat.full_name", "\\udfff"}
        };
        for (String[] c : cases) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            String json = event.encode().replace("\"" + valueAt(event, c[0]) + "\"", "\"" + c[1] + "\"");

            Http.Response r = post("/v1/events", utf8(json));

            isError(r, 422, "validation_failed");
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo(c[0]);
        }
        assertThat(count("SELECT count(*) FROM events WHERE workspace_id = ?", ws))
                .isEqualTo(1);
    }

    private static String valueAt(JsonObject event, String path) {
        String[] keys = path.split("\\.");
        JsonObject at = event;
        for (int i = 0; i < keys.length - 1; i++) {
            at = at.getJsonObject(keys[i]);
        }
        return at.getString(keys[keys.length - 1]);
    }

    @Test
    void unstorableInputNeverFailsTheGoodEventsCommittedAlongside() throws Exception {
        String hostileWs = newWorkspace();
        String goodWs = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(goodWs, receiver.url(), "message:new");
        List<JsonObject> good = new ArrayList<>();
        List<CompletableFuture<Integer>> goodStatus = new ArrayList<>();
        List<CompletableFuture<Integer>> badStatus = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 40; i++) {
                JsonObject event = Events.message(goodWs, Events.uid(), "sent");
                good.add(event);
                goodStatus.add(CompletableFuture.supplyAsync(
                        () -> hookline.postEvent(event).status(), pool));
                if (i % 4 == 0) {
                    JsonObject bad = Events.reaction(
                            hostileWs, Events.uid(), "set", "\ud83d\udc4d", Events.person("Jane", "+1555"));
                    byte[] body = i % 8 == 0
                            ? bad.encode().getBytes(StandardCharsets.UTF_16LE)
                            : utf8(bad.encode().replace("\"" + bad.getString("id") + "\"", "\"x\\ud800\""));
                    badStatus.add(CompletableFuture.supplyAsync(
                            () -> post("/v1/events", body).status(), pool));
                }
            }
            assertThat(goodStatus.stream().map(CompletableFuture::join)).containsOnly(202);
            assertThat(badStatus.stream().map(CompletableFuture::join)).containsOnly(400, 422);
        } finally {
            pool.shutdown();
        }
        for (JsonObject event : good) {
            receiver.awaitEvent(event.getString("id"), WAIT);
        }
        assertThat(count("SELECT count(*) FROM events WHERE workspace_id = ?", hostileWs))
                .isZero();
        JsonObject poisoned = Events.message(goodWs, Events.uid(), "sent");
        JsonArray mixed = new JsonArray()
                .add(Events.message(goodWs, Events.uid(), "sent"))
                .add(poisoned);
        String batch = new JsonObject()
                .put("events", mixed)
                .encode()
                .replace("\"" + poisoned.getString("id") + "\"", "\"y\\ud800\"");
        JsonArray results = post("/v1/events/batch", utf8(batch)).json().getJsonArray("results");
        assertThat(results.getJsonObject(0).getString("status")).isEqualTo("accepted");
        assertThat(results.getJsonObject(1).getString("status")).isEqualTo("rejected");
        assertThat(results.getJsonObject(1).getJsonObject("error").getString("code"))
                .isEqualTo("validation_failed");
        receiver.awaitEvent(mixed.getJsonObject(0).getString("id"), WAIT);
    }

    @Test
    void theStoredEventIsTheOneDeliveredByteForByteThenAndOnLaterSends() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String text = "caf\u00e9 \ud83d\udc4d \"quoted\" tab\t line\u2028end \\ \u0001";
        byte[] body = utf8(event.encode()
                .replace(
                        "\"Hello there\"",
                        "\"caf\\u00e9 \\ud83d\\udc4d \\\"quoted\\\" tab\\t line\\u2028end \\\\ \\u0001\""));

        assertThat(post("/v1/events", body).status()).isEqualTo(202);

        Receiver.Request delivered = receiver.awaitEvent(event.getString("id"), WAIT);
        assertThat(delivered.json().getJsonObject("message").getString("text")).isEqualTo(text);
        assertThat((byte[]) rows("SELECT body FROM events WHERE id = ?", event.getString("id"))
                        .get(0)
                        .get("body"))
                .isEqualTo(body);
        String id = webhook.getString("id");
        assertThat(hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/test", null)
                        .status())
                .isEqualTo(200);
        List<Receiver.Request> copies =
                receiver.await(2, r -> event.getString("id").equals(r.header("webhook-id")), WAIT);
        assertThat(copies.get(1).body()).isEqualTo(delivered.body());
        JsonArray log = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/log", null)
                .jsonArray();
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.getJsonObject(i).getJsonObject("request").getJsonObject("body"))
                    .isEqualTo(delivered.json());
        }
    }

    /** Copying the body from the log must give the bytes that were signed: an emoji stays UTF-8 there too. */
    @Test
    void theLogAndATestAnswerHoldTheSentBodyVerbatimEmojiIncluded() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.getJsonObject("message").put("text", "thumbs \ud83d\udc4d, max \udbff\udfff, caf\u00e9");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        String sent = receiver.awaitEvent(event.getString("id"), WAIT).bodyText();
        assertThat(sent).contains("\ud83d\udc4d").doesNotContain("\\u");

        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        Http.Response test = hookline.admin("POST", base + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        String resent = receiver.await(2, r -> event.getString("id").equals(r.header("webhook-id")), WAIT)
                .get(1)
                .bodyText();
        assertThat(test.body()).contains("\"body\":" + resent);
        String log = hookline.admin("GET", base + "/log", null).body();
        assertThat(log).contains("\"body\":" + sent).contains("\"body\":" + resent);
    }
}
