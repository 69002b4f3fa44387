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
import org.junit.jupiter.api.Test;

/** Verifies the management calls that drive the pipeline: workspaces, webhook CRUD, limits and validation. */
class WebhookApiTest extends IntegrationTest {

    private Http.Response admin(String method, String path, Object body) {
        return hookline.admin(method, path, body);
    }

    @Test
    void healthAnswersOnBothListeners() {
        for (String url : List.of(hookline.ingestUrl("/health"), hookline.adminUrl("/health"))) {
            Http.Response r = Http.json("GET", url, null, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).isEqualTo(new JsonObject().put("status", "UP"));
        }
        assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null).status())
                .isEqualTo(200);
    }

    @Test
    void headAnswersAsGetWouldWithoutTheBody() {
        for (String url : List.of(hookline.ingestUrl("/health"), hookline.adminUrl("/health"))) {
            Http.Response r = Http.json("HEAD", url, null, null);
            assertThat(r.status()).as(url).isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(r.header("content-type")).isEqualTo("application/json");
        }
        String ws = newWorkspace();
        Http.Response get = admin("GET", "/v1/workspaces/" + ws, null);
        Http.Response head = admin("HEAD", "/v1/workspaces/" + ws, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
        assertThat(Http.json("HEAD", hookline.adminUrl("/v1/workspaces/" + ws), null, null)
                        .status())
                .as("no token")
                .isEqualTo(401);
        assertThat(Http.json("HEAD", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, null)
                        .status())
                .as("POST only")
                .isEqualTo(405);
    }

    @Test
    void unknownPathsAndWrongMethodsGetJsonErrorsOnBothListeners() {
        Http.Response wrongMethod = Http.json("GET", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
        Http.Response nowhere = Http.json("GET", hookline.ingestUrl("/v2/nowhere"), Hookline.INGEST_TOKEN, null);
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.errorCode()).isEqualTo("not_found");
        Http.Response adminNowhere = hookline.admin("GET", "/v1/workspaces/x/nope", null);
        assertThat(adminNowhere.status()).isEqualTo(404);
        assertThat(adminNowhere.header("content-type")).isEqualTo("application/json");
        assertThat(adminNowhere.errorCode()).isEqualTo("not_found");
        Http.Response adminWrongMethod = hookline.admin("POST", "/v1/event-types", new JsonObject());
        assertThat(adminWrongMethod.status()).isEqualTo(405);
        assertThat(adminWrongMethod.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void aWrongMethodIsAnsweredWithTheMethodsThePathTakes() {
        Http.Response ingest = Http.json("GET", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, null);
        assertThat(ingest.status()).isEqualTo(405);
        assertThat(ingest.header("allow")).isEqualTo("POST");
        Http.Response webhooks = admin("DELETE", "/v1/workspaces/any/webhooks", null);
        assertThat(webhooks.status()).isEqualTo(405);
        assertThat(webhooks.header("allow")).isEqualTo("GET, HEAD, POST");
        Http.Response oneWebhook = admin("POST", "/v1/workspaces/any/webhooks/some-id/", new JsonObject());
        assertThat(oneWebhook.status()).isEqualTo(405);
        assertThat(oneWebhook.header("allow")).isEqualTo("DELETE, GET, HEAD, PATCH");
        Http.Response me = admin("PUT", "/v1/me", new JsonObject());
        assertThat(me.status()).isEqualTo(405);
        assertThat(me.header("allow")).isEqualTo("GET, HEAD");
        assertThat(me.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void workspacesAreCreatedThenReplaced() {
        String id = "ws-put-" + Events.uid().substring(0, 6);
        Http.Response created = admin(
                "PUT",
                "/v1/workspaces/" + id,
                new JsonObject().put("name", "Acme").put("notification_email", "ops@acme.test"));
        Http.Response replaced = admin(
                "PUT",
                "/v1/workspaces/" + id,
                new JsonObject().put("name", "Acme Inc").put("notification_email", null));
        Http.Response read = admin("GET", "/v1/workspaces/" + id, null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().getString("name")).isEqualTo("Acme");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getString("id")).isEqualTo(id);
        assertThat(read.json().getString("name")).isEqualTo("Acme Inc");
        assertThat(read.json().getValue("notification_email")).isNull();
        assertThat(admin("GET", "/v1/workspaces/nope-" + Events.uid().substring(0, 6), null)
                        .errorCode())
                .isEqualTo("not_found");
    }

    @Test
    void invalidWorkspacesAre422() {
        Http.Response r =
                admin("PUT", "/v1/workspaces/ws-bad", new JsonObject().put("notification_email", "not-an-email"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().getJsonObject("error").getJsonArray("details").stream()
                        .map(d -> ((JsonObject) d).getString("field"))
                        .toList())
                .containsExactlyInAnyOrder("name", "notification_email");
        // a name that is there but too long is told so, not told it is required
        Http.Response longName = admin("PUT", "/v1/workspaces/ws-bad", new JsonObject().put("name", "n".repeat(201)));
        assertThat(longName.status()).isEqualTo(422);
        assertThat(longName.json()
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("message"))
                .isEqualTo("must be at most 200 characters (got 201)");
        for (String tooLong : new String[] {"a".repeat(65) + "@example.com", "ops@" + "d".repeat(247) + ".com"}) {
            Http.Response refused = admin(
                    "PUT",
                    "/v1/workspaces/ws-long",
                    new JsonObject().put("name", "Long").put("notification_email", tooLong));
            assertThat(refused.status()).as(tooLong).isEqualTo(422);
            assertThat(refused.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("message"))
                    .contains("at most 64 characters before the @ and 254 in all");
        }
        Http.Response longest = admin(
                "PUT",
                "/v1/workspaces/ws-long",
                new JsonObject().put("name", "Long").put("notification_email", "a".repeat(64) + "@example.com"));
        assertThat(longest.status()).as(longest.body()).isEqualTo(201);
    }

    @Test
    void managementNeedsATokenAndIngestTokensAreNotManagementTokens() {
        Http.Response none = Http.json("GET", hookline.adminUrl("/v1/workspaces/x"), null, null);
        Http.Response ingest = Http.json("GET", hookline.adminUrl("/v1/workspaces/x"), Hookline.INGEST_TOKEN, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("unauthorized");
        assertThat(ingest.status()).isEqualTo(401);
    }

    @Test
    void aMissingOrWrongTokenIsToldTheSchemeToUse() {
        for (Http.Response r : List.of(
                Http.json("GET", hookline.adminUrl("/v1/me"), null, null),
                Http.json("GET", hookline.adminUrl("/v1/me"), Hookline.INGEST_TOKEN, null),
                Http.json("POST", hookline.ingestUrl("/v1/events"), "not-a-token", new JsonObject()))) {
            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.header("www-authenticate")).as(r.body()).isEqualTo("Bearer");
        }
    }

    /** Two Authorization headers: the first one counted, so a proxy's own header could decide who is asking. */
    @Test
    void aRequestWithTwoAuthorizationHeadersIsNotAuthenticated() {
        Http.Response r = Http.send(
                "GET",
                hookline.adminUrl("/v1/me"),
                Hookline.ADMIN_TOKEN,
                null,
                null,
                java.util.Map.of("Authorization", "Bearer someone-else"));
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().getJsonObject("error").getString("message")).contains("one Authorization header");
    }

    @Test
    void aWebhookIsCreatedReadChangedAndDeleted() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        Http.Response created = admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject().put("url", receiver.url()).put("event_type", "message:received:new"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject webhook = created.json();
        String path = "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id");
        assertThat(webhook.getString("secret")).startsWith("whsec_");
        assertThat(webhook.getString("format")).isEqualTo("v2");
        assertThat(webhook.getBoolean("enabled")).isTrue();
        assertThat(webhook.getInteger("errors_counter")).isZero();
        assertThat(webhook.getJsonObject("stats"))
                .isEqualTo(new JsonObject()
                        .put("activations", 0)
                        .put("error_rate", 0.0)
                        .putNull("last_response"));

        JsonObject read = admin("GET", path, null).json();
        assertThat(read.containsKey("secret")).isFalse();
        assertThat(read.getString("url")).isEqualTo(receiver.url());
        assertThat(admin("GET", path + "/secret", null).json().getString("secret"))
                .isEqualTo(webhook.getString("secret"));

        Http.Response patched =
                admin("PATCH", path, new JsonObject().put("format", "legacy").put("enabled", false));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().getString("format")).isEqualTo("legacy");
        assertThat(patched.json().getBoolean("enabled")).isFalse();
        assertThat(patched.json().getString("disabled_reason")).isEqualTo("manual");
        assertThat(patched.json().getString("disabled_at")).isNotNull();
        Http.Response reenabled = admin("PATCH", path, new JsonObject().put("enabled", true));
        assertThat(reenabled.json().getBoolean("enabled")).isTrue();
        assertThat(reenabled.json().getValue("disabled_reason")).isNull();

        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        JsonObject body = receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20))
                .json();
        assertThat(body.containsKey("message")).isTrue();
        assertThat(body.getJsonObject("message").containsKey("message_id"))
                .as("legacy format")
                .isTrue();

        assertThat(admin("DELETE", path, null).status()).isEqualTo(204);
        assertThat(admin("GET", path, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", path, null).status()).isEqualTo(404);
        JsonObject after = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(after).status()).isEqualTo(202);
        awaitCount(
                1,
                "SELECT count(*) FROM events WHERE id = ? AND " + SKIP_REASON + " = 'no_matching_webhook'",
                after.getString("id"));
    }

    @Test
    void listsAreNewestFirst() {
        String ws = newWorkspace();
        String first =
                hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id");
        String second =
                hookline.webhook(ws, "http://127.0.0.1:9/b", "message:new").getString("id");

        List<String> ids = admin("GET", "/v1/workspaces/" + ws + "/webhooks", null).json().getJsonArray("data").stream()
                .map(w -> ((JsonObject) w).getString("id"))
                .toList();

        assertThat(ids).containsExactly(second, first);
    }

    @Test
    void theEleventhWebhookIsRefusedUntilOneIsDeleted() {
        String ws = newWorkspace();
        String firstId = null;
        for (int i = 0; i < 10; i++) {
            JsonObject w = hookline.webhook(ws, "http://127.0.0.1:9/" + i, "message:new");
            firstId = firstId == null ? w.getString("id") : firstId;
        }
        JsonObject eleventh =
                new JsonObject().put("url", "http://127.0.0.1:9/11").put("event_type", "message:new");

        Http.Response refused = admin("POST", "/v1/workspaces/" + ws + "/webhooks", eleventh);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("webhook_limit_reached");

        assertThat(admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + firstId, null)
                        .status())
                .isEqualTo(204);
        assertThat(admin("POST", "/v1/workspaces/" + ws + "/webhooks", eleventh).status())
                .isEqualTo(201);
        assertThat(admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                        .json()
                        .getJsonArray("data"))
                .hasSize(10);
    }

    @Test
    void webhookDefinitionsAreValidated() {
        String ws = newWorkspace();
        String path = "/v1/workspaces/" + ws + "/webhooks";
        assertRefused(path, new JsonObject().put("url", "ftp://example.com/x").put("event_type", "message:new"), "url");
        assertRefused(path, new JsonObject().put("url", "/relative").put("event_type", "message:new"), "url");
        Http.Response number =
                admin("POST", path, new JsonObject().put("url", 1).put("event_type", "message:new"));
        assertThat(number.json().getJsonObject("error").getString("message"))
                .isEqualTo("The webhook is invalid: url must be a string: an absolute http(s) URL.");
        assertRefused(
                path,
                new JsonObject().put("url", "http://user:pw@example.com/").put("event_type", "message:new"),
                "url");
        assertRefused(
                path,
                new JsonObject()
                        .put("url", "https://example.com/" + "a".repeat(2048))
                        .put("event_type", "message:new"),
                "url");
        assertRefused(
                path,
                new JsonObject().put("url", "https://example.com/").put("event_type", "message:deleted"),
                "event_type");
        assertRefused(
                path,
                new JsonObject()
                        .put("url", "https://example.com/")
                        .put("event_type", "message:new")
                        .put("format", "v3"),
                "format");
        assertRefused(
                path,
                new JsonObject()
                        .put("url", "https://example.com/")
                        .put("event_type", "call:incoming:missed")
                        .put("format", "legacy"),
                "format");
        assertRefused(
                path,
                new JsonObject()
                        .put("url", "https://example.com/")
                        .put("event_type", "message:new")
                        .put("enabled", "yes"),
                "enabled");
        assertRefused(
                path,
                new JsonObject()
                        .put("url", "https://example.com/")
                        .put("event_type", "message:new")
                        .put("colour", "blue"),
                "colour");
        assertThat(admin("GET", path, null).json().getJsonArray("data")).isEmpty();
    }

    private void assertRefused(String path, JsonObject body, String field) {
        Http.Response r = admin("POST", path, body);
        assertThat(r.status()).as(body.encode()).isEqualTo(422);
        assertThat(r.errorCode()).isEqualTo("validation_failed");
        assertThat(r.json()
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("field"))
                .isEqualTo(field);
    }

    @Test
    void unknownWorkspacesAndWebhooksAre404AndBadBodiesAre400Or415() {
        Http.Response unknown = admin(
                "POST",
                "/v1/workspaces/no-such-" + Events.uid().substring(0, 6) + "/webhooks",
                new JsonObject().put("url", "https://example.com/").put("event_type", "message:new"));
        assertThat(unknown.status()).isEqualTo(404);
        String ws = newWorkspace();
        assertThat(admin("GET", "/v1/workspaces/" + ws + "/webhooks/not-a-uuid", null)
                        .status())
                .isEqualTo(404);
        Http.Response malformed = Http.send(
                "POST",
                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                Hookline.ADMIN_TOKEN,
                "application/json",
                "{nope".getBytes());
        assertThat(malformed.status()).isEqualTo(400);
        Http.Response wrongType = Http.send(
                "POST",
                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                Hookline.ADMIN_TOKEN,
                "text/plain",
                "{}".getBytes());
        assertThat(wrongType.status()).isEqualTo(415);
    }

    @Test
    void listsOfWhatAWorkspaceOwnsAre404ForAWorkspaceThatDoesNotExistButItsAuditOutlivesIt() {
        String missing = "no-such-" + Events.uid().substring(0, 6);
        for (String list : List.of("webhooks", "tokens")) {
            Http.Response r = admin("GET", "/v1/workspaces/" + missing + "/" + list, null);
            assertThat(r.status()).as(list + ": " + r.body()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
            assertThat(r.json().getJsonObject("error").getString("message"))
                    .isEqualTo("Workspace '" + missing + "' does not exist.");
        }
        String ws = newWorkspace();
        for (String list : List.of("webhooks", "tokens")) {
            Http.Response r = admin("GET", "/v1/workspaces/" + ws + "/" + list, null);
            assertThat(r.status()).as(list).isEqualTo(200);
            assertThat(r.json().getJsonArray("data")).isEmpty();
        }
        String webhook =
                hookline.webhook(ws, "http://127.0.0.1:9/gone", "message:new").getString("id");
        assertThat(admin("DELETE", "/v1/workspaces/" + ws, null).status()).isEqualTo(204);

        assertThat(admin("GET", "/v1/workspaces/" + ws + "/webhooks", null).status())
                .isEqualTo(404);
        Http.Response audit = admin("GET", "/v1/workspaces/" + ws + "/audit", null);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().getJsonArray("data").stream()
                        .map(e -> (JsonObject) e)
                        .filter(e -> webhook.equals(e.getString("webhook_id")))
                        .map(e -> e.getString("action"))
                        .toList())
                .contains("webhook.created", "webhook.deleted");
    }

    @Test
    void bothListenersRefuseANonJsonBodyAlikeNamingTheTypeSent() {
        String ws = newWorkspace();
        for (String type : new String[] {"text/plain", "application/jsonl", "application/json-patch+json"}) {
            Http.Response admin = Http.send(
                    "POST",
                    hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                    Hookline.ADMIN_TOKEN,
                    type,
                    "{}".getBytes());
            Http.Response ingest =
                    Http.send("POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, type, "{}".getBytes());
            assertThat(admin.status()).isEqualTo(415);
            assertThat(admin.errorCode()).isEqualTo("unsupported_media_type");
            assertThat(admin.json().getJsonObject("error").getString("message"))
                    .isEqualTo("Send the body as 'Content-Type: application/json' (got '" + type + "').")
                    .isEqualTo(ingest.json().getJsonObject("error").getString("message"));
            assertThat(ingest.status()).isEqualTo(415);
        }
        Http.Response withCharset = Http.send(
                "POST",
                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                Hookline.ADMIN_TOKEN,
                "Application/JSON; charset=utf-8",
                new JsonObject()
                        .put("url", "https://example.com/")
                        .put("event_type", "message:new")
                        .encode()
                        .getBytes());
        assertThat(withCharset.status()).isEqualTo(201);
    }

    @Test
    void aBodyDeclaredInAnotherCharsetOrCompressedIsRefusedWith415AndNothingIsStored() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        byte[] body = event.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        record Declared(String type, java.util.Map<String, String> headers, String says) {}
        for (Declared d : List.of(
                new Declared("application/json; charset=iso-8859-1", java.util.Map.of(), "Send the body in UTF-8"),
                new Declared("application/json; charset=\"UTF-16\"", java.util.Map.of(), "Send the body in UTF-8"),
                new Declared("application/json", java.util.Map.of("Content-Encoding", "gzip"), "uncompressed"))) {
            Http.Response ingest = Http.send(
                    "POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, d.type(), body, d.headers());
            Http.Response admin = Http.send(
                    "PUT",
                    hookline.adminUrl("/v1/workspaces/" + ws),
                    Hookline.ADMIN_TOKEN,
                    d.type(),
                    "{\"name\":\"renamed\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    d.headers());
            for (Http.Response r : List.of(ingest, admin)) {
                assertThat(r.status()).as(d.type() + " " + r.body()).isEqualTo(415);
                assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
                assertThat(r.json().getJsonObject("error").getString("message")).contains(d.says());
            }
        }
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isZero();
        assertThat(admin("GET", "/v1/workspaces/" + ws, null).json().getString("name"))
                .isNotEqualTo("renamed");
        Http.Response utf8 = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events"),
                Hookline.INGEST_TOKEN,
                "application/json; Charset=\"utf-8\"",
                body,
                java.util.Map.of("Content-Encoding", "identity"));
        assertThat(utf8.status()).as(utf8.body()).isEqualTo(202);
    }

    @Test
    void headDeclaresTheLengthGetWouldSend() {
        String ws = newWorkspace();
        Http.Response metrics = Http.json("HEAD", hookline.adminUrl("/metrics"), Hookline.ADMIN_TOKEN, null);
        assertThat(Integer.parseInt(metrics.header("content-length"))).isPositive(); // its text changes every call
        for (String path : List.of("/health", "/v1/workspaces/" + ws, "/openapi.yaml")) {
            Http.Response get = Http.json("GET", hookline.adminUrl(path), Hookline.ADMIN_TOKEN, null);
            Http.Response head = Http.json("HEAD", hookline.adminUrl(path), Hookline.ADMIN_TOKEN, null);
            assertThat(head.status()).as(path).isEqualTo(get.status()).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.header("content-length"))
                    .as(path)
                    .isEqualTo(Integer.toString(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void aChangeThatWaitedForAnothersRowLockIsStampedAfterIt() throws Exception {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + id;
        java.util.concurrent.CompletableFuture<Http.Response> patch;
        java.time.Instant other;
        try (java.sql.Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (java.sql.Statement lock = c.createStatement()) {
                lock.execute("SELECT 1 FROM webhooks WHERE id = '" + id + "' FOR UPDATE");
            }
            patch = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> admin("PATCH", path, new JsonObject().put("url", "http://127.0.0.1:9/b")));
            Receiver.sleep(400); // the PATCH's transaction has begun and waits for the row
            try (java.sql.Statement change = c.createStatement();
                    java.sql.ResultSet rs = change.executeQuery("UPDATE webhooks SET updated_at = clock_timestamp() "
                            + "WHERE id = '" + id + "' RETURNING updated_at")) {
                rs.next();
                other = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
            c.commit();
        }
        Http.Response changed = patch.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(java.time.Instant.parse(changed.json().getString("updated_at")))
                .isAfterOrEqualTo(other.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
