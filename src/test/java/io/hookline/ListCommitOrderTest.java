package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Verifies that cursor walks have no duplicates or gaps while new rows arrive (docs/api.md) when the rows arrive from transactions that
 * overlap: a change whose commit is slow must not land between rows a cursor walk has already passed. An outside
 * review found exactly that on the audit list (two webhook changes at once; the slower one's entry appeared below
 * entries the walk had shown).
 */
class ListCommitOrderTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * Makes the commit of every transaction that inserted a row of {@code table} matching {@code when} (a condition on
     * {@code NEW}) take {@code seconds}: a deferred trigger sleeps at the commit.
     */
    private AutoCloseable slowCommits(String table, String when, int seconds) throws Exception {
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(" + seconds + "); RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON " + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (" + when + ") EXECUTE FUNCTION slow_commit()");
        }
        return () -> {
            try (java.sql.Connection c = db.connect();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER slow_commit ON " + table);
            }
        };
    }

    private void awaitSlowCommit() {
        Await.until(
                "the slow commit runs",
                WAIT,
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
                                + "AND datname = current_database()")
                        > 0);
    }

    /** A whole list, one entry per page, each entry as {@code describe} puts it. */
    private List<String> walk(String path, java.util.function.Function<JsonObject, String> describe) {
        List<String> walk = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response r =
                    hookline.admin("GET", path + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonArray data = r.json().getJsonArray("data");
            data.forEach(entry -> walk.add(describe.apply((JsonObject) entry)));
            cursor = r.json().getString("next_cursor");
        } while (cursor != null);
        return walk;
    }

    private static void assertNoGap(List<String> walk, List<String> all) {
        assertThat(walk).as("the walk made while the slow change committed").isNotEmpty();
        int first = all.indexOf(walk.get(0));
        assertThat(first).as("the walk's first entry is listed").isNotNegative();
        assertThat(all.subList(first, Math.min(all.size(), first + walk.size())))
                .as("the walk, without a gap: what was missing from it is newer than all it showed")
                .containsExactlyElementsOf(walk);
    }

    private List<String> walkAudit(String ws) {
        return walk("/v1/workspaces/" + ws + "/audit", ListCommitOrderTest::describe);
    }

    private static String describe(JsonObject entry) {
        JsonObject after = entry.getJsonObject("after");
        return entry.getString("action") + " " + entry.getString("webhook_id") + " "
                + (after == null ? "-" : after.getString("url"));
    }

    private CompletableFuture<Http.Response> changeUrl(String ws, String webhookId, String url) {
        return CompletableFuture.supplyAsync(() -> hookline.admin(
                "PATCH", "/v1/workspaces/" + ws + "/webhooks/" + webhookId, new JsonObject().put("url", url)));
    }

    @Test
    void aChangeThatCommitsLateNeverLandsBetweenAuditEntriesAWalkHasAlreadyShown() throws Exception {
        String ws = newWorkspace();
        String slow =
                hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id");
        String fast =
                hookline.webhook(ws, "http://127.0.0.1:9/b", "message:new").getString("id");
        List<String> walk;
        CompletableFuture<Http.Response> slowChange;
        CompletableFuture<Http.Response> fastChange;
        try (AutoCloseable trigger = slowCommits("audit_log", "NEW.after::text LIKE '%slow-commit%'", 2)) {
            slowChange = changeUrl(ws, slow, "http://127.0.0.1:9/slow-commit");
            awaitSlowCommit();
            fastChange = changeUrl(ws, fast, "http://127.0.0.1:9/fast");
            Thread.sleep(300); // the fast change has had its time to commit, if it can before the slow one
            walk = walkAudit(ws);
            assertThat(slowChange.get(WAIT.toSeconds(), TimeUnit.SECONDS).status())
                    .isEqualTo(200);
            assertThat(fastChange.get(WAIT.toSeconds(), TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
        List<String> all = walkAudit(ws);

        assertThat(all)
                .as("every entry, newest first")
                .containsExactly(
                        "webhook.updated " + fast + " http://127.0.0.1:9/fast",
                        "webhook.updated " + slow + " http://127.0.0.1:9/slow-commit",
                        "webhook.created " + fast + " http://127.0.0.1:9/b",
                        "webhook.created " + slow + " http://127.0.0.1:9/a");
        assertNoGap(walk, all);
    }

    @Test
    void anAttemptThatCommitsLateNeverLandsBetweenAttemptsAWalkHasAlreadyShown() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        String attempts = "/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts";
        String deliveries = "SELECT count(*) FROM attempts WHERE workspace_id = ? AND trigger = 'delivery'";
        assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent")).status())
                .isEqualTo(202);
        awaitCount(1, deliveries, ws);
        List<String> walk;
        try (AutoCloseable trigger = slowCommits("attempts", "NEW.trigger = 'test'", 2)) {
            // a test send's attempt commits slowly while a delivery's, drawn later, commits at once
            CompletableFuture<Http.Response> test = CompletableFuture.supplyAsync(
                    () -> hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/test", null));
            awaitSlowCommit();
            assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent"))
                            .status())
                    .isEqualTo(202);
            awaitCount(2, deliveries, ws);
            walk = walk(attempts, a -> a.getLong("id") + " " + a.getString("trigger"));
            assertThat(test.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        List<String> all = walk(attempts, a -> a.getLong("id") + " " + a.getString("trigger"));

        assertThat(all)
                .extracting(a -> a.substring(a.indexOf(' ') + 1))
                .containsExactly("delivery", "test", "delivery");
        assertNoGap(walk, all);
    }

    @Test
    void aPageOfAttemptsStillAnswersWhenAWriteOutlivesItsWait() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent")).status())
                .isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        try (AutoCloseable trigger = slowCommits("attempts", "NEW.trigger = 'test'", 8)) {
            CompletableFuture<Http.Response> test = CompletableFuture.supplyAsync(
                    () -> hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/test", null));
            awaitSlowCommit();
            long started = System.nanoTime();
            Http.Response page = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts", null);
            long waitedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().getJsonArray("data").stream().map(a -> ((JsonObject) a).getString("trigger")))
                    .as("the committed delivery; the test send's attempt was still being written")
                    .containsExactly("delivery");
            assertThat(waitedMs)
                    .as("answered after its wait gave up, not with the slow write")
                    .isLessThan(7_500);
            assertThat(test.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }
}
