package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the admin listener refuses a JSON body with a key given twice, as ingest does (it kept the last value
 * silently, so {@code {"url": a, "url": b}} created a webhook to b), with a 400 saying which key and where, and that
 * nothing is created.
 */
class AdminBodyTest extends IntegrationTest {

    private Http.Response send(String method, String path, String body) {
        return Http.send(
                method,
                hookline.adminUrl(path),
                Hookline.ADMIN_TOKEN,
                "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKeyGivenTwiceIsA400AndNothingIsCreated() {
        String ws = newWorkspace();
        String twice =
                "{\"url\":\"http://127.0.0.1:9/a\",\"url\":\"http://127.0.0.1:9/b\",\"event_type\":\"message:new\"}";

        Http.Response r = send("POST", "/v1/workspaces/" + ws + "/webhooks", twice);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The body is not valid JSON: Duplicate field 'url' (line 1, column "
                        + (twice.indexOf(",\"event_type\"") - "\"http://127.0.0.1:9/b\"".length()) + ").");
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .isEmpty();

        Http.Response workspace = send(
                "PUT",
                "/v1/workspaces/twice-" + ws,
                "{\"name\":\"a\",\"name\":\"b\",\"notification_email\":\"o@x.test\"}");
        assertThat(workspace.status()).as(workspace.body()).isEqualTo(400);
        assertThat(hookline.admin("GET", "/v1/workspaces/twice-" + ws, null).status())
                .isEqualTo(404);

        // a comment is no JSON either: refused as ingest refuses it (the decoder used to read it), nothing created
        Http.Response commented = send(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/a\", /* the CRM */ \"event_type\":\"message:new\"}");
        assertThat(commented.status()).as(commented.body()).isEqualTo(400);
        assertThat(commented.json().getJsonObject("error").getString("message"))
                .isEqualTo("The body is not valid JSON: Unexpected character ('/' (code 47)): maybe a (non-standard) "
                        + "comment? (line 1, column 32).");
        Http.Response once = send(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/a\", \"event_type\":\"message:new\"}");
        assertThat(once.status()).as(once.body()).isEqualTo(201);
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .hasSize(1);
    }

    /** Thousands of unknown keys: the first 50 are listed and the message says how many there were. */
    @Test
    void aFloodOfUnknownKeysListsTheFirstFiftyAndNothingIsCreated() {
        String ws = newWorkspace();
        StringBuilder body = new StringBuilder("{\"url\":\"http://127.0.0.1:9/a\",\"event_type\":\"message:new\"");
        for (int i = 0; i < 3000; i++) {
            body.append(",\"k").append(String.format("%04d", i)).append("\":0");
        }

        Http.Response r = send(
                "POST", "/v1/workspaces/" + ws + "/webhooks", body.append('}').toString());

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The request has unknown fields. 3000 problems were found; the first 50 are listed.");
        List<String> fields = r.json().getJsonObject("error").getJsonArray("details").stream()
                .map(d -> ((io.vertx.core.json.JsonObject) d).getString("field"))
                .toList();
        assertThat(fields).hasSize(50).startsWith("k0000").endsWith("k0049");
        assertThat(r.body().length()).isLessThan(16_000);
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .isEmpty();
    }

    /**
     * Bodies that are not UTF-8 are refused as ingest refuses them: the decoder read an overlong sequence as the
     * character it spells ({@code 0xC0 0xAF} became "/" in a webhook URL) and a UTF-16 body by its byte order mark.
     */
    @Test
    void aBodyThatIsNotUtf8IsA400AndNothingIsStored() {
        String ws = newWorkspace();
        byte[] overlong = concat(
                "{\"url\":\"http://127.0.0.1:9/a",
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                "\",\"event_type\":\"message:new\"}");
        Http.Response r = Http.send(
                "POST",
                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                Hookline.ADMIN_TOKEN,
                "application/json",
                overlong);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("malformed_json");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .isEqualTo("The body must be JSON text in UTF-8: it is not valid UTF-8 (byte 0xC0 at offset "
                        + "{\"url\":\"http://127.0.0.1:9/a".length() + ").");

        byte[] surrogate = concat("{\"name\":\"a", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}");
        Http.Response named = Http.send(
                "PUT",
                hookline.adminUrl("/v1/workspaces/enc-" + ws),
                Hookline.ADMIN_TOKEN,
                "application/json",
                surrogate);
        assertThat(named.status()).as(named.body()).isEqualTo(400);
        assertThat(named.errorCode()).isEqualTo("malformed_json");

        String json = "{\"url\":\"http://127.0.0.1:9/a\",\"event_type\":\"message:new\"}";
        byte[] utf16 = concat("", new byte[] {(byte) 0xFE, (byte) 0xFF}, "");
        utf16 = concat(new String(utf16, StandardCharsets.ISO_8859_1), json.getBytes(StandardCharsets.UTF_16BE), "");
        Http.Response wide = Http.send(
                "POST",
                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                Hookline.ADMIN_TOKEN,
                "application/json",
                utf16);
        assertThat(wide.status()).as(wide.body()).isEqualTo(400);
        assertThat(wide.errorCode()).isEqualTo("malformed_json");

        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .isEmpty();
        assertThat(hookline.admin("GET", "/v1/workspaces/enc-" + ws, null).status())
                .isEqualTo(404);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.ISO_8859_1);
        byte[] c = after.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    /** The answer that carries a webhook's signing secret (and every other API answer) is kept by no cache. */
    @Test
    void apiAnswersAreNeverCachedNorSniffed() {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id");
        for (String path : List.of(
                "/v1/workspaces/" + ws + "/webhooks/" + id + "/secret", "/v1/workspaces/" + ws + "/webhooks/nope")) {
            Http.Response r = hookline.admin("GET", path, null);
            assertThat(r.status()).as(path).isIn(200, 404);
            assertThat(r.header("cache-control")).as(path).isEqualTo("no-store");
            assertThat(r.header("x-content-type-options")).as(path).isEqualTo("nosniff");
        }
        // answers given before any route ran: a path that cannot be decoded, a request line or headers too long
        int port = hookline.app().ports().admin();
        String token = "Authorization: Bearer " + Hookline.ADMIN_TOKEN + "\r\n";
        Map<String, Integer> raw = Map.of(
                "GET /v1/workspaces/" + ws + "/events/%zz HTTP/1.1\r\nHost: x\r\n" + token + "\r\n", 400,
                "GET /v1/workspaces/" + "w".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n", 414,
                "GET /v1/workspaces HTTP/1.1\r\nHost: x\r\n" + token + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                        431);
        for (Map.Entry<String, Integer> c : raw.entrySet()) {
            RawHttp.Answer answer = RawHttp.exchange(port, c.getKey());
            assertThat(answer.status()).as(answer.body()).isEqualTo(c.getValue());
            assertThat(answer.header("cache-control")).as(answer.body()).isEqualTo("no-store");
            assertThat(answer.header("x-content-type-options"))
                    .as(answer.body())
                    .isEqualTo("nosniff");
        }
    }
}
