package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that a reaction fold survives the process ("a crash loses nothing"): {@code
 * target/hookline.jar} is killed with SIGKILL in the middle of a fold's window, and the next start sends the fold,
 * once, with every reaction folded in.
 */
@Timeout(180)
class ReactionFoldCrashIT {

    private static final int WINDOW_MS = 10_000;
    private TestDatabase db;
    private Vertx vertx;
    private Receiver receiver;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        vertx = Vertx.vertx();
        receiver = Receiver.start(vertx);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        Await.result(vertx.close());
        db.close();
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitCount(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(sql) < expected) {
            assertThat(System.nanoTime())
                    .as("waiting for %s to reach %d", sql, expected)
                    .isLessThan(deadline);
            Receiver.sleep(20);
        }
    }

    @Test
    void aFoldWhoseInstanceIsKilledMidWindowIsSentOnceAfterTheRestart() throws Exception {
        HooklineProcess first = HooklineProcess.start("fold-kill9-first", db.url(), Map.of());
        JsonObject last;
        try {
            last = fiveReactionsInAFold(first);
            first.kill9();
        } finally {
            first.close();
        }
        assertThat(receiver.requests()).as("killed before the window closed").isEmpty();
        theFoldIsSentOnceBy("fold-kill9-second", last);
    }

    /** A graceful stop leaves an open fold to the next start, and its log says how many reactions wait in folds. */
    @Test
    void aGracefulStopWithAnOpenFoldSaysSoAndTheNextStartSendsItOnce() throws Exception {
        HooklineProcess first = HooklineProcess.start("fold-sigterm-first", db.url(), Map.of());
        JsonObject last;
        try {
            last = fiveReactionsInAFold(first);
            assertThat(first.terminate(30_000)).isZero();
            assertThat(first.log())
                    .contains(
                            "Stopped gracefully; 0 events left pending for the next start; 5 reactions wait in folds not finished yet");
        } finally {
            first.close();
        }
        assertThat(receiver.requests()).as("stopped before the window closed").isEmpty();
        theFoldIsSentOnceBy("fold-sigterm-second", last);
    }

    /** A workspace whose webhook folds reactions for 10 s, a message, and five reactions to it; returns the last. */
    private JsonObject fiveReactionsInAFold(HooklineProcess hookline) throws Exception {
        String ws = "fold-" + Events.uid().substring(0, 8);
        String uid = Events.uid();
        assertThat(Http.json(
                                "PUT",
                                hookline.adminUrl("/v1/workspaces/" + ws),
                                Hookline.ADMIN_TOKEN,
                                new JsonObject().put("name", ws))
                        .status())
                .isEqualTo(201);
        assertThat(Http.json(
                                "POST",
                                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                                Hookline.ADMIN_TOKEN,
                                new JsonObject()
                                        .put("url", receiver.url())
                                        .put("event_types", new JsonArray().add("message:reaction"))
                                        .put("reaction_window_ms", WINDOW_MS))
                        .status())
                .isEqualTo(201);
        assertThat(post(hookline, Events.message(ws, uid, "received"))).isEqualTo(202);
        JsonObject last = null;
        for (int i = 1; i <= 5; i++) {
            last = Events.reaction(ws, uid, "set", i % 2 == 0 ? "❤️" : "👍", Events.person("R" + i, "+1555" + i));
            assertThat(post(hookline, last)).isEqualTo(202);
        }
        awaitCount("SELECT count(*) FROM reaction_folds WHERE outcome IS NULL", 5);
        return last;
    }

    private void theFoldIsSentOnceBy(String name, JsonObject last) throws Exception {
        try (HooklineProcess second = HooklineProcess.start(name, db.url(), Map.of())) {
            Receiver.Request post = receiver.await(1, Duration.ofSeconds(60)).get(0);
            assertThat(post.header("webhook-id")).isEqualTo(last.getString("id"));
            JsonObject reaction = post.json().getJsonObject("reaction");
            assertThat(reaction.getInteger("folded")).isEqualTo(5);
            assertThat(reaction.getJsonObject("reactions").getMap()).isEqualTo(Map.of("👍", "3", "❤️", "2"));
            awaitCount("SELECT count(*) FROM reaction_folds WHERE outcome = 'sent'", 5);
            assertThat(count("SELECT count(*) FROM attempts")).isEqualTo(1);
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    private static int post(HooklineProcess hookline, JsonObject event) {
        return Http.json("POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                .status();
    }
}
