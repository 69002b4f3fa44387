package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies cursors on every list (docs/api.md): paging with {@code next_cursor} while new rows keep arriving returns
 * exactly the rows that were there when paging started, newest first, none twice and none missing; the last page has
 * {@code next_cursor: null}; the new rows are on a fresh first page; a cursor that is not one is a 422.
 */
class ListCursorTest extends IntegrationTest {

    private static final int PAGE = 3;

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("max_webhooks_per_workspace", 100);
    }

    /** Pages through {@code path} with {@code limit=PAGE}, calling {@code between} after every page. */
    private List<JsonObject> pageAll(String path, Runnable between) {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String sep = path.contains("?") ? "&" : "?";
            Http.Response r = hookline.admin(
                    "GET", path + sep + "limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonArray data = r.json().getJsonArray("data");
            assertThat(r.json().containsKey("next_cursor")).isTrue();
            cursor = r.json().getString("next_cursor");
            assertThat(data.size()).isBetween(cursor == null ? 0 : PAGE, PAGE);
            data.forEach(item -> all.add((JsonObject) item));
            between.run();
            assertThat(++pages).as("pages").isLessThan(100);
        } while (cursor != null);
        return all;
    }

    private List<Object> column(String sql, Object... params) {
        return rows(sql, params).stream()
                .map(row -> row.values().iterator().next())
                .toList();
    }

    private static List<Object> ids(List<JsonObject> items, Function<JsonObject, Object> key) {
        return items.stream().map(key).toList();
    }

    @Test
    void workspacesPageWithoutDuplicatesOrGapsWhileNewOnesArrive() {
        for (int i = 0; i < 7; i++) {
            newWorkspace();
        }
        List<Object> before = column("SELECT id FROM workspaces ORDER BY seq DESC");
        List<String> added = new ArrayList<>();

        List<JsonObject> paged = pageAll("/v1/workspaces", () -> added.add(newWorkspace()));

        assertThat(ids(paged, w -> w.getString("id"))).containsExactlyElementsOf(before);
        List<JsonObject> fresh =
                hookline.admin("GET", "/v1/workspaces?limit=" + added.size(), null).json().getJsonArray("data").stream()
                        .map(o -> (JsonObject) o)
                        .toList();
        java.util.Collections.reverse(added);
        assertThat(ids(fresh, w -> w.getString("id"))).as("newest first").containsExactlyElementsOf(added);
    }

    @Test
    void webhooksPageWithoutDuplicatesOrGapsWhileNewOnesArrive() {
        String ws = newWorkspace();
        for (int i = 0; i < 8; i++) {
            hookline.webhook(ws, "http://127.0.0.1:9/before-" + i, "message:new");
        }
        List<Object> before = column("SELECT id::text FROM webhooks WHERE workspace_id = ? ORDER BY seq DESC", ws);

        List<JsonObject> paged = pageAll(
                "/v1/workspaces/" + ws + "/webhooks",
                () -> hookline.webhook(ws, "http://127.0.0.1:9/during", "message:new"));

        assertThat(ids(paged, w -> w.getString("id"))).containsExactlyElementsOf(before);
        assertThat(paged).allSatisfy(w -> assertThat(w.getJsonObject("stats")).isNotNull());
    }

    @Test
    void tokensPageWithoutDuplicatesOrGapsWhileNewOnesArrive() {
        String ws = newWorkspace();
        for (int i = 0; i < 7; i++) {
            hookline.workspaceToken(ws, "before-" + i);
        }
        List<Object> before =
                column("SELECT id::text FROM workspace_tokens WHERE workspace_id = ? ORDER BY seq DESC", ws);
        int[] n = {0};

        List<JsonObject> paged =
                pageAll("/v1/workspaces/" + ws + "/tokens", () -> hookline.workspaceToken(ws, "during-" + n[0]++));

        assertThat(ids(paged, t -> t.getString("id"))).containsExactlyElementsOf(before);
        assertThat(paged).allSatisfy(t -> assertThat(t.containsKey("token")).isFalse());
    }

    @Test
    void attemptsAndTheLogPageWithoutDuplicatesOrGapsWhileDeliveriesGoOn() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 8; i++) {
            assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent"))
                            .status())
                    .isEqualTo(202);
        }
        awaitCount(8, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        List<Object> before = column("SELECT id FROM attempts WHERE webhook_id = ?::uuid ORDER BY id DESC", id);
        Runnable deliverOneMore = () -> {
            long count = count("SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
            hookline.postEvent(Events.message(ws, Events.uid(), "sent"));
            awaitCount(count + 1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        };

        List<JsonObject> attempts = pageAll("/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts", deliverOneMore);
        assertThat(ids(attempts, a -> a.getLong("id"))).containsExactlyElementsOf(before);

        List<Object> logged = new ArrayList<>();
        String next = "/v1/workspaces/" + ws + "/webhooks/" + id + "/log?limit=" + PAGE;
        List<Object> logBefore = column("SELECT id FROM attempts WHERE webhook_id = ?::uuid ORDER BY id DESC", id);
        while (next != null) {
            Http.Response r = hookline.admin("GET", next, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-disposition")).startsWith("attachment");
            r.jsonArray().forEach(e -> logged.add(((JsonObject) e).getLong("id")));
            String link = nextLink(r.header("link"));
            next = link == null ? null : java.net.URI.create(next).resolve(link).toString();
            deliverOneMore.run();
        }
        assertThat(logged).containsExactlyElementsOf(logBefore);
    }

    @Test
    void theLogsNextLinkResolvesToTheNextPageWithOrWithoutATrailingSlash() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 3; i++) {
            hookline.postEvent(Events.message(ws, Events.uid(), "sent"));
        }
        awaitCount(3, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        List<Object> all = column("SELECT id FROM attempts WHERE webhook_id = ?::uuid ORDER BY id DESC", id);
        for (String log : List.of("/log", "/log/")) {
            String first = "/v1/workspaces/" + ws + "/webhooks/" + id + log + "?limit=2";
            Http.Response page = hookline.admin("GET", first, null);
            String next = java.net
                    .URI
                    .create(first)
                    .resolve(nextLink(page.header("link")))
                    .toString();
            Http.Response second = hookline.admin("GET", next, null);
            assertThat(second.status()).as(next).isEqualTo(200);
            assertThat(second.jsonArray().getJsonObject(0).getLong("id"))
                    .as(next)
                    .isEqualTo(all.get(2));
        }
    }

    @Test
    void aCursorOfTheAttemptsListWorksOnTheLogOfTheSameWebhook() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 3; i++) {
            hookline.postEvent(Events.message(ws, Events.uid(), "sent"));
        }
        awaitCount(3, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        JsonObject first =
                hookline.admin("GET", base + "/attempts?limit=1", null).json();

        Http.Response rest = hookline.admin("GET", base + "/log?cursor=" + first.getString("next_cursor"), null);

        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.jsonArray()).hasSize(2);
        assertThat(rest.jsonArray().getJsonObject(0).getLong("id"))
                .isLessThan(first.getJsonArray("data").getJsonObject(0).getLong("id"));
        assertThat(rest.header("link")).as("no page after the last").isNull();
    }

    @Test
    void aCursorBelongsToItsWebhooksOrWorkspacesListAndIsReadOnlyAsWritten() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String a = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        String b = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 3; i++) {
            hookline.postEvent(Events.message(ws, Events.uid(), "sent"));
        }
        awaitCount(6, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        String ofA = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + a + "/attempts?limit=1", null)
                .json()
                .getString("next_cursor");
        String other = newWorkspace();
        hookline.webhook(other, receiver.url(), "message:new");
        hookline.webhook(other, receiver.url(), "message:new");
        String ofOther = hookline.admin("GET", "/v1/workspaces/" + other + "/webhooks?limit=1", null)
                .json()
                .getString("next_cursor");
        String decoded = new String(Base64.getUrlDecoder().decode(ofA));
        String signed = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(decoded.replace(":", ":+").getBytes());
        String padded = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(decoded.replace(":", ":0").getBytes());

        for (Map.Entry<String, String> bad : Map.of(
                        "webhook A's cursor on B's attempts",
                        "/v1/workspaces/" + ws + "/webhooks/" + b + "/attempts?cursor=" + ofA,
                        "webhook A's cursor on B's log",
                        "/v1/workspaces/" + ws + "/webhooks/" + b + "/log?cursor=" + ofA,
                        "another workspace's webhooks cursor",
                        "/v1/workspaces/" + ws + "/webhooks?cursor=" + ofOther,
                        "a key with a sign",
                        "/v1/workspaces/" + ws + "/webhooks/" + a + "/attempts?cursor=" + signed,
                        "a key with a leading zero",
                        "/v1/workspaces/" + ws + "/webhooks/" + a + "/attempts?cursor=" + padded,
                        "a cursor on a list of one page",
                        "/v1/event-types?cursor=" + ofA,
                        "a cursor on the stats",
                        "/v1/workspaces/" + ws + "/webhooks/" + a + "/stats?cursor=" + ofA)
                .entrySet()) {
            Http.Response r = hookline.admin("GET", bad.getValue(), null);
            assertThat(r.status()).as(bad.getKey()).isEqualTo(422);
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .as(bad.getKey())
                    .isEqualTo("cursor");
        }
        Http.Response own =
                hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + a + "/attempts?cursor=" + ofA, null);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().getJsonArray("data")).hasSize(2);
        Http.Response upperCase = hookline.admin(
                "GET", "/v1/workspaces/" + ws + "/webhooks/" + a.toUpperCase() + "/attempts?cursor=" + ofA, null);
        assertThat(upperCase.status())
                .as("the same webhook, spelt in upper case")
                .isEqualTo(200);
    }

    @Test
    void theAuditLogPagesWithoutDuplicatesOrGapsWhileChangesGoOn() {
        String ws = newWorkspace();
        String base = "/v1/workspaces/" + ws + "/webhooks/";
        String id = hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id");
        for (int i = 0; i < 7; i++) {
            hookline.admin("PATCH", base + id, new JsonObject().put("url", "http://127.0.0.1:9/b" + i));
        }
        List<Object> before = column("SELECT id FROM audit_log WHERE workspace_id = ? ORDER BY id DESC", ws);
        int[] n = {0};

        List<JsonObject> paged = pageAll(
                "/v1/workspaces/" + ws + "/audit",
                () -> hookline.admin("PATCH", base + id, new JsonObject().put("url", "http://127.0.0.1:9/c" + n[0]++)));

        assertThat(paged).hasSize(before.size());
        List<String> urls = paged.stream()
                .map(e -> e.getJsonObject("after").getString("url"))
                .toList();
        assertThat(urls)
                .doesNotHaveDuplicates()
                .contains("http://127.0.0.1:9/a", "http://127.0.0.1:9/b6")
                .noneMatch(u -> u.contains("/c"));
        assertThat(paged.get(paged.size() - 1).getString("action")).isEqualTo("webhook.created");
    }

    @Test
    void notificationsPageWithoutDuplicatesOrGapsWhileNewOnesArrive() {
        String ws = newWorkspace();
        Runnable queueOne = () -> rows(
                "INSERT INTO notifications (workspace_id, kind, subject, body) "
                        + "VALUES (?, 'webhook_auto_disabled', ?, 'body') RETURNING id",
                ws,
                "subject " + UUID.randomUUID());
        for (int i = 0; i < 7; i++) {
            queueOne.run();
        }
        List<Object> before = column("SELECT id FROM notifications WHERE workspace_id = ? ORDER BY id DESC", ws);

        List<JsonObject> paged = pageAll("/v1/workspaces/" + ws + "/notifications", queueOne);

        assertThat(ids(paged, e -> e.getLong("id"))).containsExactlyElementsOf(before);
    }

    @Test
    void theLastPageAndSinglePageListsSayNullAndLimitKeepsItsBounds() {
        String ws = newWorkspace();
        JsonObject all = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                .json();
        assertThat(all.getJsonArray("data")).isEmpty();
        assertThat(all.containsKey("next_cursor")).isTrue();
        assertThat(all.getValue("next_cursor")).isNull();
        JsonObject types = hookline.admin("GET", "/v1/event-types", null).json();
        assertThat(types.getJsonArray("data")).hasSize(7);
        assertThat(types.containsKey("next_cursor")).isTrue();
        assertThat(types.getValue("next_cursor")).isNull();

        // "%D9%A1%D9%A0" is ten in Arabic-Indic digits, which Integer.parseInt reads; "5&limit=2000" gives it twice
        for (String limit : new String[] {"0", "1001", "x", "%D9%A1%D9%A0", "+5", "5&limit=2000", "5&limit=5"}) {
            Http.Response r = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit?limit=" + limit, null);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo("limit");
        }
        Http.Response twice = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit?limit=5&limit=2000", null);
        assertThat(twice.json().getJsonObject("error").getString("message"))
                .isEqualTo("limit is given 2 times; give it once.");
    }

    @Test
    void aMalformedOrForeignCursorIsA422NamingTheCursor() {
        String ws = newWorkspace();
        hookline.workspaceToken(ws, "one");
        hookline.workspaceToken(ws, "two");
        String tokensCursor = hookline.admin("GET", "/v1/workspaces/" + ws + "/tokens?limit=1", null)
                .json()
                .getString("next_cursor");
        assertThat(tokensCursor).isNotNull();
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString("audit:-5".getBytes());

        for (Map.Entry<String, String> bad : Map.of(
                        "not base64",
                        "%25%25%25",
                        "another list's cursor",
                        tokensCursor,
                        "a negative key",
                        encoded,
                        "garbage",
                        "bm90LWEtY3Vyc29y")
                .entrySet()) {
            Http.Response r = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit?cursor=" + bad.getValue(), null);
            assertThat(r.status()).as(bad.getKey()).isEqualTo(422);
            JsonObject error = r.json().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("validation_failed");
            assertThat(error.getString("message")).as(bad.getKey()).contains("cursor");
            assertThat(error.getJsonArray("details").getJsonObject(0).getString("field"))
                    .isEqualTo("cursor");
        }
        // the list's own cursor, padded (when its length calls for padding): not as written, though the decoder
        // takes it, so refused like any other
        String padded =
                Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(tokensCursor));
        Http.Response paddedAnswer = hookline.admin("GET", "/v1/workspaces/" + ws + "/tokens?cursor=" + padded, null);
        assertThat(paddedAnswer.status()).as(padded).isEqualTo(padded.equals(tokensCursor) ? 200 : 422);
        // the list's own cursor, valid once, is refused when given twice (one of the two was silently ignored)
        String tokens = "/v1/workspaces/" + ws + "/tokens?cursor=" + tokensCursor;
        assertThat(hookline.admin("GET", tokens, null).status()).isEqualTo(200);
        Http.Response twice = hookline.admin("GET", tokens + "&cursor=" + tokensCursor, null);
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.json().getJsonObject("error").getString("message"))
                .isEqualTo("cursor is given 2 times; give it once.");
    }

    @Test
    void aWorkspaceTokenPagesItsOwnListsButNotTheWorkspaceList() {
        String ws = newWorkspace();
        String token = hookline.workspaceToken(ws, "pager");
        hookline.webhook(ws, "http://127.0.0.1:9/x", "message:new");
        hookline.webhook(ws, "http://127.0.0.1:9/y", "message:new");

        JsonObject first = Http.json(
                        "GET", hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks?limit=1"), token, null)
                .json();
        JsonObject second = Http.json(
                        "GET",
                        hookline.adminUrl(
                                "/v1/workspaces/" + ws + "/webhooks?limit=1&cursor=" + first.getString("next_cursor")),
                        token,
                        null)
                .json();

        assertThat(first.getJsonArray("data").getJsonObject(0).getString("url")).isEqualTo("http://127.0.0.1:9/y");
        assertThat(second.getJsonArray("data").getJsonObject(0).getString("url"))
                .isEqualTo("http://127.0.0.1:9/x");
        assertThat(second.getValue("next_cursor")).isNull();
        assertThat(Http.json("GET", hookline.adminUrl("/v1/workspaces"), token, null)
                        .status())
                .isEqualTo(403);
        assertThat(Http.json("GET", hookline.adminUrl("/v1/workspaces"), Hookline.ADMIN_TOKEN, null)
                        .status())
                .isEqualTo(200);
    }

    /** The target of a {@code Link: <...>; rel="next"} header (a reference relative to the request), or null. */
    private static String nextLink(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(header);
        return m.find() ? m.group(1) : null;
    }
}
