package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

        // what the decoder has always read (comments included) is still read; only the key given twice is refused
        Http.Response once = send(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/a\", /* the CRM */ \"event_type\":\"message:new\"}");
        assertThat(once.status()).as(once.body()).isEqualTo(201);
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
    }
}
