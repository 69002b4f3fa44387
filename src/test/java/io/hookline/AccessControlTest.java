package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a workspace token reaches its own workspace only: every management call on another workspace is a
 * 403 that reveals nothing of it, while the admin token reaches both.
 */
class AccessControlTest extends IntegrationTest {

    private String wsA;
    private String wsB;
    private String tokenA;
    private String tokenB;
    private String webhookB;
    private String eventB;

    @BeforeAll
    void twoWorkspaces() {
        wsA = hookline.workspace("alpha-" + Events.uid().substring(0, 6));
        wsB = hookline.workspace("bravo-" + Events.uid().substring(0, 6));
        tokenA = mint(wsA, "alpha-ci");
        tokenB = mint(wsB, "bravo-ci");
        Receiver receiver = receiver();
        webhookB = hookline.webhook(wsB, receiver.url("/bravo-secret-path"), "message:new")
                .getString("id");
        JsonObject event = Events.message(wsB, Events.uid(), "sent");
        eventB = event.getString("id");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        receiver.awaitEvent(eventB, Duration.ofSeconds(20));
    }

    private String mint(String ws, String name) {
        Http.Response r =
                hookline.admin("POST", "/v1/workspaces/" + ws + "/tokens", new JsonObject().put("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().getString("name")).isEqualTo(name);
        return r.json().getString("token");
    }

    private Http.Response call(String token, String method, String path, Object body) {
        return Http.json(method, hookline.adminUrl(path), token, body);
    }

    /** Every management call on workspace {@code ws}, with a body where the call takes one. */
    private List<Object[]> everyCall(String ws, String webhookId, String eventId) {
        String w = "/v1/workspaces/" + ws;
        JsonObject webhookBody =
                new JsonObject().put("url", "http://127.0.0.1:9/x").put("event_type", "message:new");
        return List.of(
                new Object[] {"GET", w, null},
                new Object[] {"PUT", w, new JsonObject().put("name", "taken over")},
                new Object[] {"POST", w + "/tokens", new JsonObject().put("name", "intruder")},
                new Object[] {"GET", w + "/tokens", null},
                new Object[] {"DELETE", w + "/tokens/" + UUID.randomUUID(), null},
                new Object[] {"POST", w + "/webhooks", webhookBody},
                new Object[] {"GET", w + "/webhooks", null},
                new Object[] {"GET", w + "/webhooks/" + webhookId, null},
                new Object[] {"PATCH", w + "/webhooks/" + webhookId, new JsonObject().put("enabled", false)},
                new Object[] {"GET", w + "/webhooks/" + webhookId + "/secret", null},
                new Object[] {"POST", w + "/webhooks/" + webhookId + "/test", null},
                new Object[] {"GET", w + "/webhooks/" + webhookId + "/attempts", null},
                new Object[] {"GET", w + "/webhooks/" + webhookId + "/log", null},
                new Object[] {"GET", w + "/events/" + eventId, null},
                new Object[] {"GET", w + "/audit", null},
                new Object[] {"DELETE", w + "/webhooks/" + webhookId, null});
    }

    @Test
    void aWorkspaceTokenGets403OnEveryCallAboutAnotherWorkspaceAndLearnsNothing() {
        for (String webhookId : List.of(webhookB, UUID.randomUUID().toString())) {
            for (Object[] c : everyCall(wsB, webhookId, eventB)) {
                Http.Response r = call(tokenA, (String) c[0], (String) c[1], c[2]);
                assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(403);
                assertThat(r.errorCode()).isEqualTo("forbidden");
                assertThat(r.body())
                        .doesNotContain(wsB)
                        .doesNotContain(webhookB)
                        .doesNotContain(eventB)
                        .doesNotContain("bravo-secret-path")
                        .doesNotContain("Workspace bravo");
            }
        }
        // nothing of B changed
        JsonObject webhook = hookline.admin("GET", "/v1/workspaces/" + wsB + "/webhooks/" + webhookB, null)
                .json();
        assertThat(webhook.getBoolean("enabled")).isTrue();
        assertThat(hookline.admin("GET", "/v1/workspaces/" + wsB, null).json().getString("name"))
                .isEqualTo("Workspace " + wsB);
    }

    @Test
    void aWorkspaceTokenWorksOnItsOwnWorkspaceButNotForAdminOnlyCalls() {
        assertThat(call(tokenB, "GET", "/v1/workspaces/" + wsB, null).status()).isEqualTo(200);
        assertThat(call(tokenB, "GET", "/v1/workspaces/" + wsB + "/webhooks/" + webhookB, null)
                        .status())
                .isEqualTo(200);
        assertThat(call(tokenB, "GET", "/v1/workspaces/" + wsB + "/events/" + eventB, null)
                        .status())
                .isEqualTo(200);
        assertThat(call(tokenB, "GET", "/v1/event-types", null).status()).isEqualTo(200);
        assertThat(call(tokenB, "PUT", "/v1/workspaces/" + wsB, new JsonObject().put("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(call(tokenB, "POST", "/v1/workspaces/" + wsB + "/tokens", new JsonObject().put("name", "x"))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theAdminTokenReachesBothWorkspaces() {
        for (String ws : List.of(wsA, wsB)) {
            assertThat(call(Hookline.ADMIN_TOKEN, "GET", "/v1/workspaces/" + ws, null)
                            .status())
                    .isEqualTo(200);
            assertThat(call(Hookline.ADMIN_TOKEN, "GET", "/v1/workspaces/" + ws + "/webhooks", null)
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void missingOrUnknownTokensAre401AndIngestAndWorkspaceTokensDoNotCross() {
        assertThat(call(null, "GET", "/v1/workspaces/" + wsA, null).status()).isEqualTo(401);
        assertThat(call("hlw_made_up", "GET", "/v1/workspaces/" + wsA, null).status())
                .isEqualTo(401);
        assertThat(call(Hookline.INGEST_TOKEN, "GET", "/v1/workspaces/" + wsA, null)
                        .status())
                .isEqualTo(401);
        Http.Response ingestWithWorkspaceToken =
                Http.json("POST", hookline.ingestUrl("/v1/events"), tokenA, Events.message(wsA, Events.uid(), "sent"));
        assertThat(ingestWithWorkspaceToken.status()).isEqualTo(401);
    }

    @Test
    void tokensAreShownOnceStoredAsHashesAndCanBeRevoked() {
        String token = mint(wsA, "short-lived");
        assertThat(count(
                        "SELECT count(*) FROM workspace_tokens WHERE token_hash = sha256(convert_to(?, 'UTF8'))",
                        token))
                .isEqualTo(1);
        assertThat(rows("SELECT * FROM workspace_tokens").toString()).doesNotContain(token);
        Http.Response list = hookline.admin("GET", "/v1/workspaces/" + wsA + "/tokens", null);
        assertThat(list.body()).contains("short-lived").doesNotContain(token);
        String id = list.json().getJsonArray("data").stream()
                .map(t -> (JsonObject) t)
                .filter(t -> t.getString("name").equals("short-lived"))
                .findFirst()
                .orElseThrow()
                .getString("id");

        assertThat(call(token, "GET", "/v1/workspaces/" + wsA, null).status()).isEqualTo(200);
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + wsA + "/tokens/" + id, null)
                        .status())
                .isEqualTo(204);
        assertThat(call(token, "GET", "/v1/workspaces/" + wsA, null).status()).isEqualTo(401);
    }

    @Test
    void changesMadeWithAWorkspaceTokenAreAuditedUnderItsName() {
        Http.Response created = call(
                tokenA,
                "POST",
                "/v1/workspaces/" + wsA + "/webhooks",
                new JsonObject().put("url", "http://127.0.0.1:9/a").put("event_type", "call:incoming:missed"));
        assertThat(created.status()).isEqualTo(201);

        JsonObject entry = call(tokenA, "GET", "/v1/workspaces/" + wsA + "/audit", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(entry.getString("actor")).isEqualTo("alpha-ci");
        assertThat(entry.getString("action")).isEqualTo("webhook.created");
    }
}
