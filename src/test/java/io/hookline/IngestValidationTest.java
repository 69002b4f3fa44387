package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.RawHttp;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that bad input gets its status code and JSON error body, stores nothing, and never gets in the way of
 * the good event sent right after it; and that producer ids make ingest idempotent.
 */
class IngestValidationTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private String ws;
    private Receiver receiver;

    @BeforeAll
    void subscribe() {
        ws = newWorkspace();
        receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:new");
    }

    private Http.Response raw(String contentType, String token, byte[] body) {
        return Http.send("POST", hookline.ingestUrl("/v1/events"), token, contentType, body);
    }

    private Http.Response json(String body) {
        return raw("application/json", Hookline.INGEST_TOKEN, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The bad request is refused as expected, and a good event right after it is still delivered. */
    private void refusedThenGoodDelivered(Supplier<Http.Response> bad, int status, String code) {
        Http.Response r = bad.get();
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.json().getJsonObject("error").getString("message")).isNotBlank();
        JsonObject good = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(good).status()).isEqualTo(202);
        receiver.awaitEvent(good.getString("id"), WAIT);
    }

    private static JsonArray details(Http.Response r) {
        return r.json().getJsonObject("error").getJsonArray("details");
    }

    private static List<String> fields(Http.Response r) {
        return details(r).stream().map(d -> ((JsonObject) d).getString("field")).toList();
    }

    @Test
    void malformedJsonIs400() {
        refusedThenGoodDelivered(() -> json("{\"workspace_id\": \"x\", "), 400, "malformed_json");
        refusedThenGoodDelivered(() -> json(""), 400, "malformed_json");
        refusedThenGoodDelivered(() -> json("[1, 2]"), 400, "malformed_request");
    }

    /** The 400 says what is wrong and where, in words a producer can act on: no parser switches, no parser internals. */
    @Test
    void malformedJsonMessagesNameTheProblemAndWhereWithoutTheParsersInternals() {
        String comment = "{\"id\":\"c\", /* note */ \"workspace_id\":\"x\"}";
        String nan = "{\"id\":\"n\",\"size\":NaN}";
        String extraBrace = "{\"id\":\"b\"}}";
        String truncated = "{\"id\":\"t\",\n\"chat\":{\"chat_id\":[1,2";
        Map<String, String> expected = Map.of(
                truncated,
                        "Unexpected end-of-input: the array opened at line 2, column 19 is not closed "
                                + "(line 2, column 23)",
                comment, "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (line 1, column 12)",
                nan, "Non-standard token 'NaN' (line 1, column 21)",
                extraBrace, "unexpected '}' where no object or array is open (line 1, column 11)");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            Http.Response r = json(c.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("malformed_json");
            assertThat(r.json().getJsonObject("error").getString("message"))
                    .isEqualTo("The body is not valid JSON: " + c.getValue());
        }
        refusedThenGoodDelivered(() -> json(extraBrace), 400, "malformed_json");
    }

    @Test
    void missingUnknownOrWrongKindOfTokenIs401() {
        byte[] body = Events.message(ws, Events.uid(), "sent").toBuffer().getBytes();
        refusedThenGoodDelivered(() -> raw("application/json", null, body), 401, "unauthorized");
        refusedThenGoodDelivered(() -> raw("application/json", "not-a-token", body), 401, "unauthorized");
        refusedThenGoodDelivered(() -> raw("application/json", Hookline.ADMIN_TOKEN, body), 401, "unauthorized");
        // the credentials are one header: a second one (say, added by a proxy) made the first one count, whatever it
        // said
        for (String second : List.of("Bearer " + Hookline.INGEST_TOKEN, "Bearer not-a-token")) {
            refusedThenGoodDelivered(
                    () -> Http.send(
                            "POST",
                            hookline.ingestUrl("/v1/events"),
                            Hookline.INGEST_TOKEN,
                            "application/json",
                            body,
                            Map.of("Authorization", second)),
                    401,
                    "unauthorized");
        }
    }

    @Test
    void wrongContentTypeIs415() {
        byte[] body = Events.message(ws, Events.uid(), "sent").toBuffer().getBytes();
        refusedThenGoodDelivered(() -> raw("text/plain", Hookline.INGEST_TOKEN, body), 415, "unsupported_media_type");
        refusedThenGoodDelivered(() -> raw(null, Hookline.INGEST_TOKEN, body), 415, "unsupported_media_type");
    }

    @Test
    void oversizedEventsAndBatchesAre413() {
        JsonObject big = Events.message(ws, Events.uid(), "sent");
        big.getJsonObject("message").put("text", "x".repeat(1024 * 1024));
        refusedThenGoodDelivered(() -> hookline.postEvent(big), 413, "payload_too_large");

        JsonArray events = new JsonArray();
        for (int i = 0; i < 6; i++) {
            JsonObject e = Events.message(ws, Events.uid(), "sent");
            e.getJsonObject("message").put("text", "y".repeat(1000 * 1000));
            events.add(e);
        }
        refusedThenGoodDelivered(
                () -> hookline.postBatch(new JsonObject().put("events", events)), 413, "payload_too_large");
        assertThat(count("SELECT count(*) FROM events WHERE length(body) > 900000"))
                .isZero();
    }

    @Test
    void the422SaysHowManyFieldsBreakTheSchema() {
        JsonObject one = Events.message(ws, Events.uid(), "sent");
        one.getJsonObject("chat").put("chat_type", "channel");
        Http.Response r = hookline.postEvent(one);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(fields(r)).containsExactly("chat.chat_type");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The event is invalid: 1 field breaks the ingest schema.");

        JsonObject two = one.copy();
        two.getJsonObject("message").put("direction", "sideways");
        r = hookline.postEvent(two);
        assertThat(fields(r)).containsExactlyInAnyOrder("chat.chat_type", "message.direction");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The event is invalid: 2 fields break the ingest schema.");
    }

    /**
     * A document with thousands of unknown keys got one detail per key (a 12 MB answer for 90,000 keys): the answer
     * lists the first 50 and says how many there were, alone and as a batch item, and a good event still goes through.
     */
    @Test
    void aFloodOfUnknownFieldsListsTheFirstFiftyAndCountsTheRest() {
        JsonObject flood = Events.message(ws, Events.uid(), "sent");
        for (int i = 0; i < 5000; i++) {
            flood.put("x" + i, i);
        }
        String expected = "The event is invalid: 5000 fields break the ingest schema; the first 50 are listed.";

        Http.Response r = hookline.postEvent(flood);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.errorCode()).isEqualTo("validation_failed");
        assertThat(r.json().getJsonObject("error").getString("message")).isEqualTo(expected);
        assertThat(fields(r)).hasSize(50).startsWith("x0", "x1").endsWith("x49");
        assertThat(details(r).getJsonObject(0).getString("message"))
                .isEqualTo("is not a known field; allowed: call, chat, id, message, reaction, type, whatsapp_account, "
                        + "workspace_id");
        assertThat(details(r).getJsonObject(1).getString("message")).isEqualTo("is not a known field");
        assertThat(r.body().length()).isLessThan(5_000);

        JsonObject good = Events.message(ws, Events.uid(), "sent");
        Http.Response batch = hookline.postBatch(
                new JsonObject().put("events", new JsonArray().add(flood).add(good)));
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        assertThat(batch.body().length()).isLessThan(16_000);
        JsonObject item = batch.json().getJsonArray("results").getJsonObject(0);
        assertThat(item.getString("status")).isEqualTo("rejected");
        assertThat(item.getJsonObject("error").getString("message")).isEqualTo(expected);
        assertThat(item.getJsonObject("error").getJsonArray("details")).hasSize(50);
        assertThat(batch.json().getJsonArray("results").getJsonObject(1).getString("status"))
                .isEqualTo("accepted");
        receiver.awaitEvent(good.getString("id"), WAIT);
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", flood.getString("id")))
                .isZero();

        // the largest batch of such items: a few MB of answer at most (7.5 MB with the allowed names in every detail)
        JsonArray many = new JsonArray();
        for (int i = 0; i < 1000; i++) {
            JsonObject keys = new JsonObject();
            for (int k = 0; k < 60; k++) {
                keys.put("k" + k, 0);
            }
            many.add(keys);
        }
        Http.Response largest = hookline.postBatch(new JsonObject().put("events", many));
        assertThat(largest.status()).as(largest.body().substring(0, 300)).isEqualTo(202);
        assertThat(largest.json().getJsonArray("results")).hasSize(1000);
        assertThat(largest.body().length()).isLessThan(3_500_000);
    }

    @Test
    void unknownTypeIs422NamingTheField() {
        JsonObject event = Events.message(ws, Events.uid(), "sent").put("type", "sticker");
        refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
        Http.Response r = hookline.postEvent(event);
        assertThat(fields(r)).contains("type");
        assertThat(details(r).getJsonObject(fields(r).indexOf("type")).getString("message"))
                .contains("message, call, reaction")
                .contains("sticker");
    }

    @Test
    void missingMessageUidIs422() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.getJsonObject("message").remove("message_uid");
        refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
        assertThat(fields(hookline.postEvent(event))).containsExactly("message.message_uid");
    }

    @Test
    void impossibleDirectionStatusPairsAre422() {
        for (String[] pair : new String[][] {
            {"incoming", "No Answer"}, {"incoming", "Ended"}, {"outgoing", "Missed"}, {"outgoing", "Answered"}
        }) {
            JsonObject event = Events.call(ws, pair[0], pair[1]);
            refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
            Http.Response r = hookline.postEvent(event);
            assertThat(fields(r)).as(pair[0] + "/" + pair[1]).containsExactly("call.status");
        }
    }

    @Test
    void badTimestampsAre422() {
        for (String timestamp :
                new String[] {"yesterday", "2026-05-24 10:35:18", "2026-05-24T10:35:18", "2026-13-40T10:00:00Z"}) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            event.getJsonObject("message").put("timestamp", timestamp);
            refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
            assertThat(fields(hookline.postEvent(event))).as(timestamp).containsExactly("message.timestamp");
        }
    }

    @Test
    void wrongJsonTypesUnknownFieldsAndEnumsAreEachNamed() {
        JsonObject event = Events.call(ws, "incoming", "Missed");
        event.getJsonObject("chat").put("chat_id", "123").put("chat_type", "channel");
        event.getJsonObject("call").put("is_video", "yes").put("duration", 1.5).put("colour", "red");
        event.put("workspace_id", "has spaces!");
        refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
        assertThat(fields(hookline.postEvent(event)))
                .containsExactlyInAnyOrder(
                        "workspace_id",
                        "chat.chat_id",
                        "chat.chat_type",
                        "call.is_video",
                        "call.duration",
                        "call.colour");
    }

    /** A whole number too large for its field is named as such, not as "not a whole number". */
    @Test
    void aWholeNumberOutOfRangeSaysSo() {
        JsonObject event = Events.call(ws, "incoming", "Missed");
        event.getJsonObject("chat").put("chat_id", 1);
        event.getJsonObject("call").put("duration", 2);
        String text = event.encode()
                .replace("\"chat_id\":1", "\"chat_id\":9223372036854775808")
                .replace("\"duration\":2", "\"duration\":-99999999999999999999");
        Http.Response r = hookline.postEvent(text);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(details(r).stream()
                        .map(d -> ((JsonObject) d).getString("field") + " " + ((JsonObject) d).getString("message"))
                        .toList())
                .containsExactlyInAnyOrder(
                        "chat.chat_id must be at most 9223372036854775807", "call.duration must be at least 0");
    }

    @Test
    void typeAndBodyMustMatch() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.put("call", new JsonObject().put("message_uid", "x"));
        refusedThenGoodDelivered(() -> hookline.postEvent(event), 422, "validation_failed");
        assertThat(fields(hookline.postEvent(event))).containsExactly("call");
    }

    @Test
    void nothingIsStoredForRefusedEvents() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.getJsonObject("message").put("direction", "sideways");
        assertThat(hookline.postEvent(event).status()).isEqualTo(422);
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isZero();
    }

    /**
     * A body that declares its length is served without the router, a chunked one through it (its size is only known
     * once read): both are accepted, stored and delivered alike, and answered with the same bytes.
     */
    @Test
    void anEventIsAcceptedWhetherItsBodyDeclaresItsLengthOrComesChunked() {
        JsonObject sized = Events.message(ws, Events.uid(), "sent");
        JsonObject chunked = Events.message(ws, Events.uid(), "sent");
        String head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Hookline.INGEST_TOKEN
                + "\r\nContent-Type: application/json\r\n";
        byte[] a = sized.toBuffer().getBytes();
        byte[] b = chunked.toBuffer().getBytes();
        int port = hookline.app().ports().ingest();

        RawHttp.Answer first = RawHttp.exchange(
                port, head + "Content-Length: " + a.length + "\r\n\r\n" + new String(a, StandardCharsets.UTF_8));
        RawHttp.Answer second = RawHttp.exchange(
                port,
                head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(b.length) + "\r\n"
                        + new String(b, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n");

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"id\":\"" + sized.getString("id") + "\",\"status\":\"accepted\"}");
        assertThat(first.header("content-type")).isEqualTo("application/json");
        assertThat(second.status()).as(second.body()).isEqualTo(202);
        assertThat(second.body()).isEqualTo("{\"id\":\"" + chunked.getString("id") + "\",\"status\":\"accepted\"}");
        assertThat(second.header("content-type")).isEqualTo("application/json");
        receiver.awaitEvent(sized.getString("id"), WAIT);
        receiver.awaitEvent(chunked.getString("id"), WAIT);
        assertThat(count(
                        "SELECT count(*) FROM events WHERE id IN (?, ?)",
                        sized.getString("id"),
                        chunked.getString("id")))
                .isEqualTo(2);
    }

    /**
     * Two Content-Type (or Content-Encoding) lines: the first one counted, so a body declared twice could be read as
     * one thing here and another by a proxy in front. Refused, as two Authorization headers are; nothing stored.
     */
    @Test
    void aBodyTypeOrEncodingDeclaredTwiceIsA415AndNothingIsStored() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String body = event.encode();
        String head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Hookline.INGEST_TOKEN
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
        Map<String, String> twice = Map.of(
                "Content-Type: application/json\r\nContent-Type: text/plain\r\n",
                "Send one Content-Type header (got 2: 'application/json', 'text/plain').",
                "Content-Type: application/json\r\nContent-Encoding: identity\r\nContent-Encoding: gzip\r\n",
                "Send one Content-Encoding header (got 2: 'identity', 'gzip').");
        for (Map.Entry<String, String> c : twice.entrySet()) {
            RawHttp.Answer answer =
                    RawHttp.exchange(hookline.app().ports().ingest(), head + c.getKey() + "\r\n" + body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(415);
            assertThat(answer.errorCode()).isEqualTo("unsupported_media_type");
            assertThat(answer.json().getJsonObject("error").getString("message"))
                    .isEqualTo(c.getValue());
        }
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isZero();
        refusedThenGoodDelivered(
                () -> raw("text/plain", Hookline.INGEST_TOKEN, body.getBytes()), 415, "unsupported_media_type");
    }

    /** A transfer coding besides chunked would reach the parser undecoded: refused as not implemented, not guessed. */
    @Test
    void aTransferCodingOtherThanChunkedIsA501AndNothingIsStored() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        byte[] b = event.toBuffer().getBytes();
        String request = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Hookline.INGEST_TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + Integer.toHexString(b.length) + "\r\n" + new String(b, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";

        RawHttp.Answer answer = RawHttp.exchange(hookline.app().ports().ingest(), request);

        assertThat(answer.status()).as(answer.body()).isEqualTo(501);
        JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("unsupported_transfer_coding");
        assertThat(error.getString("message")).contains("'Transfer-Encoding: gzip, chunked'");
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isZero();
        RawHttp.Answer twoLines = RawHttp.exchange(
                hookline.app().ports().ingest(),
                request.replace(
                        "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked"));
        assertThat(twoLines.status()).as(twoLines.body()).isEqualTo(501);
        assertThat(new JsonObject(twoLines.body()).getJsonObject("error").getString("message"))
                .contains("'Transfer-Encoding: gzip, chunked'");
    }

    @Test
    void aRepeatedProducerIdIsADuplicateAndIsDeliveredOnce() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        Http.Response first = hookline.postEvent(event);
        Http.Response second = hookline.postEvent(event);

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json())
                .isEqualTo(new JsonObject().put("id", event.getString("id")).put("status", "accepted"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json())
                .isEqualTo(new JsonObject().put("id", event.getString("id")).put("status", "duplicate"));
        receiver.awaitEvent(event.getString("id"), WAIT);
        JsonObject after = Events.message(ws, Events.uid(), "sent");
        hookline.postEvent(after);
        receiver.awaitEvent(after.getString("id"), WAIT);
        assertThat(receiver.requests(r -> event.getString("id").equals(r.header("webhook-id"))))
                .hasSize(1);
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isEqualTo(1);
    }

    @Test
    void theSameProducerIdInAnotherWorkspaceIsADifferentEvent() {
        String other = newWorkspace();
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        JsonObject twin = Events.message(other, Events.uid(), "sent").put("id", event.getString("id"));

        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        assertThat(hookline.postEvent(twin).status()).isEqualTo(202);
    }

    @Test
    void eventsWithoutAProducerIdGetAGeneratedOne() {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.remove("id");

        Http.Response r = hookline.postEvent(event);

        assertThat(r.status()).isEqualTo(202);
        String id = r.json().getString("id");
        assertThat(id).startsWith("evt_").hasSize(36);
        receiver.awaitEvent(id, WAIT);
    }

    @Test
    void aBatchAcceptsExactlyItsValidItemsAndAnswersEachInOrder() {
        JsonObject valid1 = Events.message(ws, Events.uid(), "sent");
        JsonObject invalid = Events.message(ws, Events.uid(), "sent");
        invalid.getJsonObject("message").remove("timestamp");
        JsonObject valid2 = Events.message(ws, Events.uid(), "received");
        JsonObject repeat = valid1.copy();
        JsonArray items = new JsonArray()
                .add(valid1)
                .add(invalid)
                .add(valid2)
                .add(repeat)
                .add("oops")
                .addNull();

        Http.Response r = hookline.postBatch(new JsonObject().put("events", items));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonArray results = r.json().getJsonArray("results");
        assertThat(results).hasSize(6);
        assertThat(results.getJsonObject(0))
                .isEqualTo(new JsonObject().put("id", valid1.getString("id")).put("status", "accepted"));
        assertThat(results.getJsonObject(1).getString("status")).isEqualTo("rejected");
        assertThat(results.getJsonObject(1).getString("id")).isEqualTo(invalid.getString("id"));
        assertThat(results.getJsonObject(1).getJsonObject("error").getString("code"))
                .isEqualTo("validation_failed");
        assertThat(results.getJsonObject(1)
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("field"))
                .isEqualTo("message.timestamp");
        assertThat(results.getJsonObject(2).getString("status")).isEqualTo("accepted");
        assertThat(results.getJsonObject(3))
                .isEqualTo(new JsonObject().put("id", valid1.getString("id")).put("status", "duplicate"));
        assertThat(results.getJsonObject(4).getString("status")).isEqualTo("rejected");
        assertThat(results.getJsonObject(5).getString("status")).isEqualTo("rejected");

        receiver.awaitEvent(valid1.getString("id"), WAIT);
        receiver.awaitEvent(valid2.getString("id"), WAIT);
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", invalid.getString("id")))
                .isZero();
        assertThat(receiver.requests(x -> valid1.getString("id").equals(x.header("webhook-id"))))
                .hasSize(1);
    }

    /**
     * A duplicate key or too deep a nesting is valid JSON syntax that one item gets wrong: that item is rejected with
     * the parser's reason, the others are accepted (the whole batch was a 400 before). Broken syntax, or a duplicate
     * {@code events}, still refuses the whole body.
     */
    @Test
    void aDuplicateKeyOrDeepNestingInOneItemRejectsOnlyThatItem() {
        JsonObject before = Events.message(ws, Events.uid(), "sent");
        JsonObject after = Events.message(ws, Events.uid(), "sent");
        String duplicate = "{\"id\":\"dup-" + Events.uid() + "\",\"chat\":{\"chat_id\":1,\"chat_id\":2}}";
        String deep = "{\"chat\":" + "[".repeat(1100) + "]".repeat(1100) + "}";
        String body = "{\"events\":[" + before.encode() + ",\n" + duplicate + "," + deep + "," + after.encode() + "]}";

        Http.Response r = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events/batch"),
                Hookline.INGEST_TOKEN,
                "application/json",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonArray results = r.json().getJsonArray("results");
        assertThat(results.stream()
                        .map(x -> ((JsonObject) x).getString("status"))
                        .toList())
                .containsExactly("accepted", "rejected", "rejected", "accepted");
        assertThat(results.getJsonObject(1).getString("id"))
                .as("the id is read where it can be, so the producer knows which event it was")
                .startsWith("dup-");
        JsonObject dupError = results.getJsonObject(1).getJsonObject("error");
        assertThat(dupError.getString("code")).isEqualTo("malformed_json");
        assertThat(dupError.getString("message"))
                .as("the column counts from the item's start, where the second name ends")
                .isEqualTo("This event is not valid JSON: Duplicate field 'chat_id' (line 1, column "
                        + (duplicate.indexOf(":2") + 1) + ") (in this event)");
        assertThat(results.getJsonObject(2).getJsonObject("error").getString("message"))
                .startsWith("This event is not valid JSON: Document nesting depth (1001) exceeds the maximum allowed"
                        + " (1000)")
                .as("no parser settings named to the producer")
                .doesNotContain("`")
                .doesNotContain("StreamReadConstraints");
        receiver.awaitEvent(before.getString("id"), WAIT);
        receiver.awaitEvent(after.getString("id"), WAIT);

        // valid JSON too: a number or a name longer than an event's parser reads is that item's fault alone (review)
        String longNumber = "{\"id\":\"num-" + Events.uid() + "\",\"chat\":{\"chat_id\":" + "1".repeat(1001) + "}}";
        String longName = "{\"" + "k".repeat(60_000) + "\":1}";
        JsonObject third = Events.message(ws, Events.uid(), "sent");
        Http.Response longOnes = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events/batch"),
                Hookline.INGEST_TOKEN,
                "application/json",
                ("{\"events\":[" + longNumber + "," + longName + "," + third.encode() + "]}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(longOnes.status()).as(longOnes.body()).isEqualTo(202);
        JsonArray longResults = longOnes.json().getJsonArray("results");
        assertThat(longResults.stream()
                        .map(x -> ((JsonObject) x).getString("status"))
                        .toList())
                .containsExactly("rejected", "rejected", "accepted");
        assertThat(longResults.getJsonObject(0).getJsonObject("error").getString("message"))
                .startsWith("This event is not valid JSON: Number value length (1001) exceeds the maximum allowed");
        receiver.awaitEvent(third.getString("id"), WAIT);

        Http.Response trailingComma = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events/batch"),
                Hookline.INGEST_TOKEN,
                "application/json",
                ("{\"events\":[" + duplicate + ",]}").getBytes(StandardCharsets.UTF_8));
        assertThat(trailingComma.json().getJsonObject("error").getString("message"))
                .as("what breaks the body as a whole is named, not the item's duplicate key")
                .startsWith("The body is not valid JSON: Unexpected character (']'");
        // an item over the event limit is refused for its size first, as a single call is, also with a duplicate key
        String bigDuplicate = "{\"chat\":{\"chat_id\":1,\"chat_id\":2},\"pad\":\"" + "p".repeat(1024 * 1024) + "\"}";
        Http.Response big = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events/batch"),
                Hookline.INGEST_TOKEN,
                "application/json",
                ("{\"events\":[" + bigDuplicate + "," + after.encode() + "]}").getBytes(StandardCharsets.UTF_8));
        assertThat(big.status()).as(big.body()).isEqualTo(202);
        assertThat(big.json()
                        .getJsonArray("results")
                        .getJsonObject(0)
                        .getJsonObject("error")
                        .getString("code"))
                .isEqualTo("payload_too_large");
        assertThat(big.json().getJsonArray("results").getJsonObject(1).getString("status"))
                .isEqualTo("duplicate");
        for (String whole :
                List.of("{\"events\":[" + before.encode() + "],\"events\":[]}", "{\"events\":[" + duplicate + ",]}")) {
            Http.Response refused = Http.send(
                    "POST",
                    hookline.ingestUrl("/v1/events/batch"),
                    Hookline.INGEST_TOKEN,
                    "application/json",
                    whole.getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).as(whole).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("malformed_json");
        }
    }

    @Test
    void batchShapeErrorsAreRefusedWhole() {
        assertThat(hookline.postBatch(new JsonObject().put("items", new JsonArray()))
                        .status())
                .isEqualTo(400);
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(new JsonObject());
        }
        Http.Response r = hookline.postBatch(new JsonObject().put("events", tooMany));
        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r)).containsExactly("events");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The batch is invalid: events must hold at most 1000 events, got 1001.");
        Http.Response unknown = hookline.postBatch(
                new JsonObject().put("events", new JsonArray()).put("x", 1));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().getJsonObject("error").getString("message"))
                .isEqualTo("The batch is invalid: x is not a known field; allowed: events.");
    }

    /** An error that names a field the producer sent gives it back as sent, even half a surrogate pair. */
    @Test
    void anUnknownFieldNameWithALoneSurrogateIsNamedAsSent() {
        JsonObject event = Events.message(newWorkspace(), Events.uid(), "sent");
        String body = event.encode().replaceFirst("\\{", "{\"x\\\\ud800yz\":1,");
        Http.Response r = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events"),
                Hookline.INGEST_TOKEN,
                "application/json",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).as(body).isEqualTo(422);
        assertThat(fields(r)).contains("x\ud800yz");
    }
}
