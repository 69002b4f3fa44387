package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
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
     * Makes the commit of every transaction that wrote an audit entry whose {@code after} mentions {@code marker} take
     * 2 s (a deferred trigger sleeps at the commit).
     */
    private AutoCloseable slowCommitsOfAuditEntriesMentioning(String marker) throws Exception {
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION slow_audit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER slow_audit AFTER INSERT ON audit_log DEFERRABLE INITIALLY DEFERRED "
                    + "FOR EACH ROW WHEN (NEW.after::text LIKE '%" + marker + "%') EXECUTE FUNCTION slow_audit()");
        }
        return () -> {
            try (java.sql.Connection c = db.connect();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER slow_audit ON audit_log");
            }
        };
    }

    /** The whole audit list, one entry per page, each entry as "action webhook url". */
    private List<String> walkAudit(String ws) {
        List<String> walk = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response r = hookline.admin(
                    "GET",
                    "/v1/workspaces/" + ws + "/audit?limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
                    null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonArray data = r.json().getJsonArray("data");
            data.forEach(entry -> walk.add(describe((JsonObject) entry)));
            cursor = r.json().getString("next_cursor");
        } while (cursor != null);
        return walk;
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
        try (AutoCloseable trigger = slowCommitsOfAuditEntriesMentioning("slow-commit")) {
            slowChange = changeUrl(ws, slow, "http://127.0.0.1:9/slow-commit");
            Await.until(
                    "the slow change's commit runs",
                    WAIT,
                    () -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
                                    + "AND datname = current_database()")
                            > 0);
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
        assertThat(walk).as("the walk made while the slow change committed").isNotEmpty();
        int first = all.indexOf(walk.get(0));
        assertThat(all.subList(first, first + walk.size()))
                .as("the walk, without a gap: what was missing from it is newer than all it showed")
                .containsExactlyElementsOf(walk);
    }
}
