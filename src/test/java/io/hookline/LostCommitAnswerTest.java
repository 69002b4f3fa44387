package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection to PostgreSQL breaks after a write committed and before its answer arrived (a TCP proxy in between
 * lets the statements through and drops the answers, then drops the connections). Hookline must act on what was
 * stored, not on the broken connection: a stored event is accepted and delivered once, a stored attempt is kept
 * once and counted once.
 */
class LostCommitAnswerTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private TcpProxy proxy;
    private Hookline viaProxy;

    @BeforeAll
    void startBehindProxy() {
        proxy = TcpProxy.start(receiverVertx, db.host(), db.port());
        viaProxy =
                Hookline.start(db.urlVia("127.0.0.1", proxy.port()), new JsonObject().put("ingest_timeout_ms", 5000));
    }

    @AfterEach
    void heal() {
        proxy.restore();
    }

    @AfterAll
    void stopProxy() {
        if (viaProxy != null) {
            viaProxy.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /**
     * Makes every commit of a transaction that inserted a row of {@code table} with {@code column} = {@code value}
     * take 1.5 s (a deferred trigger sleeps at the commit), so the test can drop the answers while it runs.
     */
    private AutoCloseable slowCommits(String table, String column, String value) throws Exception {
        String name = "slow_" + table;
        try (java.sql.Connection c = db.connect();
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(1.5); RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER " + name + " AFTER INSERT ON " + table
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW." + column + "::text = '" + value
                    + "') EXECUTE FUNCTION " + name + "()");
        }
        return () -> {
            try (java.sql.Connection c = db.connect();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TRIGGER " + name + " ON " + table);
            }
        };
    }

    private void awaitSlowCommit() {
        Await.until(
                "a slowed commit runs",
                WAIT,
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
                                + "AND datname = current_database()")
                        > 0);
    }

    /** Once a slowed commit runs, drops PostgreSQL's answers until the commit is done, so only its answer is lost. */
    private void loseTheAnswerOfTheSlowCommit(String table, String column, String value) {
        awaitSlowCommit();
        proxy.swallowReplies();
        awaitCount(1, "SELECT count(*) FROM " + table + " WHERE " + column + "::text = ?", value);
    }

    @Test
    void anEventStoredWhoseCommitAnswerWasLostIsAcceptedAndDeliveredOnce() throws Exception {
        String ws = viaProxy.workspace("lost-answer-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String id = event.getString("id");
        Http.Response r;
        try (AutoCloseable slow = slowCommits("events", "workspace_id", ws)) {
            CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> viaProxy.postEvent(event));
            loseTheAnswerOfTheSlowCommit("events", "workspace_id", ws);
            proxy.dropAll(); // the connection breaks; PostgreSQL can be asked again at once
            r = answer.get();
        }
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().getString("status")).isEqualTo("accepted");
        receiver.awaitEvent(id, WAIT);
        Http.Response retry = viaProxy.postEvent(event);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("status")).isEqualTo("duplicate");
        Receiver.sleep(500);
        assertThat(receiver.requests(q -> id.equals(q.header("webhook-id")))).hasSize(1);
    }

    @Test
    void whenPostgresCannotBeAskedTheProducerHearsTheEventMayBeStoredAndItIsDeliveredOnceItIsBack() throws Exception {
        String ws = viaProxy.workspace("lost-answer-down-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String id = event.getString("id");
        Http.Response r;
        try (AutoCloseable slow = slowCommits("events", "workspace_id", ws)) {
            CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> viaProxy.postEvent(event));
            loseTheAnswerOfTheSlowCommit("events", "workspace_id", ws);
            proxy.cut(); // the connection breaks, and PostgreSQL stays out of reach
            r = answer.get();
        }
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("storage_unavailable");
        assertThat(r.json().getJsonObject("error").getString("message"))
                .contains("may be stored")
                .contains("Retry with the same id");
        Receiver.sleep(1500);
        assertThat(receiver.requests(q -> id.equals(q.header("webhook-id")))).isEmpty();

        proxy.restore();
        receiver.awaitEvent(id, WAIT); // stored after all: delivered without a retry or a restart
        Http.Response retry = viaProxy.postEvent(event);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("status")).isEqualTo("duplicate");
        Receiver.sleep(500);
        assertThat(receiver.requests(q -> id.equals(q.header("webhook-id")))).hasSize(1);
    }

    /**
     * PostgreSQL goes on with a statement whose client went away until it next writes to the connection: a lookup
     * made meanwhile finds nothing, and the write could commit after the producer was told it was not accepted.
     */
    @Test
    void anEventWhoseCommitWasStillRunningWhenTheConnectionBrokeIsNotStoredAfterItsProducerHeardSo() throws Exception {
        String ws = viaProxy.workspace("lost-running-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String id = event.getString("id");
        Http.Response r;
        try (AutoCloseable slow = slowCommits("events", "workspace_id", ws)) {
            CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> viaProxy.postEvent(event));
            awaitSlowCommit();
            proxy.dropAll(); // while the commit still runs
            r = answer.get();
            Receiver.sleep(2000); // past the end of the slowed commit, had it gone on
        }
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.json().getJsonObject("error").getString("message")).contains("was not accepted");
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", id)).isZero();
        assertThat(receiver.requests(q -> id.equals(q.header("webhook-id")))).isEmpty();
    }

    @Test
    void anEventWhoseStatementNeverArrivedIsAnsweredNotAccepted() throws Exception {
        String ws = viaProxy.workspace("lost-statement-" + Events.uid().substring(0, 8));
        viaProxy.webhook(ws, receiver().url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        proxy.swallowStatements();
        CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> viaProxy.postEvent(event));
        Receiver.sleep(500);
        proxy.dropAll();

        Http.Response r = answer.get();
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.json().getJsonObject("error").getString("message")).contains("was not accepted");
        assertThat(count("SELECT count(*) FROM events WHERE id = ?", event.getString("id")))
                .isZero();
    }

    @Test
    void anAttemptStoredWhoseCommitAnswerWasLostIsKeptAndCountedOnce() throws Exception {
        String ws = viaProxy.workspace("lost-attempt-" + Events.uid().substring(0, 8));
        String webhook = viaProxy.webhook(ws, receiver().answer(500).url(), "message:new")
                .getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String id = event.getString("id");
        try (AutoCloseable slow = slowCommits("attempts", "webhook_id", webhook)) {
            assertThat(viaProxy.postEvent(event).status()).isEqualTo(202);
            loseTheAnswerOfTheSlowCommit("attempts", "webhook_id", webhook);
            proxy.dropAll();
            Receiver.sleep(2000); // the writer retries a batch after 100 ms
        }
        assertThat(count("SELECT count(*) FROM attempts WHERE event_id = ?", id))
                .isEqualTo(1);
        assertThat(count("SELECT errors_counter FROM webhooks WHERE id = ?::uuid", webhook))
                .isEqualTo(1);
    }

    @Test
    void anAttemptWhoseCommitWasStillRunningWhenTheConnectionBrokeIsStoredOnceByTheRetry() throws Exception {
        String ws = viaProxy.workspace("lost-attempt-running-" + Events.uid().substring(0, 8));
        String webhook = viaProxy.webhook(ws, receiver().answer(500).url(), "message:new")
                .getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        String id = event.getString("id");
        try (AutoCloseable slow = slowCommits("attempts", "webhook_id", webhook)) {
            assertThat(viaProxy.postEvent(event).status()).isEqualTo(202);
            awaitSlowCommit();
            proxy.dropAll(); // while the commit still runs; the retry's own commit is slowed too
            awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", id);
            Receiver.sleep(2000);
        }
        assertThat(count("SELECT count(*) FROM attempts WHERE event_id = ?", id))
                .isEqualTo(1);
        assertThat(count("SELECT errors_counter FROM webhooks WHERE id = ?::uuid", webhook))
                .isEqualTo(1);
    }

    /**
     * The reaction write is a transaction of its own (the message's state row locked, the reaction applied, the event
     * inserted, the state saved): stored with its answer lost, it is accepted and delivered once, and the next reaction
     * builds on the state it saved, not on the one the instance had before.
     */
    @Test
    void aReactionStoredWhoseCommitAnswerWasLostIsAcceptedOnceAndTheNextBuildsOnIt() throws Exception {
        String ws = viaProxy.workspace("lost-reaction-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:reaction");
        String uid = Events.uid();
        assertThat(viaProxy.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);
        JsonObject first = Events.reaction(ws, uid, "set", "👍", Events.person("Ann", "+15550000001"));
        String id = first.getString("id");
        Http.Response r;
        try (AutoCloseable slow = slowCommits("events", "id", id)) {
            CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> viaProxy.postEvent(first));
            loseTheAnswerOfTheSlowCommit("events", "id", id);
            proxy.dropAll();
            r = answer.get();
        }
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(receiver.awaitEvent(id, WAIT)
                        .json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getMap())
                .isEqualTo(java.util.Map.of("👍", "1"));

        JsonObject second = Events.reaction(ws, uid, "set", "👍", Events.person("Bob", "+15550000002"));
        assertThat(viaProxy.postEvent(second).status()).isEqualTo(202);
        assertThat(receiver.awaitEvent(second.getString("id"), WAIT)
                        .json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getMap())
                .isEqualTo(java.util.Map.of("👍", "2"));
        Receiver.sleep(500);
        assertThat(receiver.requests(q -> id.equals(q.header("webhook-id")))).hasSize(1);
    }
}
