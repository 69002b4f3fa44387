package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.http.ApiException;
import io.hookline.ingest.EventJournal.Outcome;
import io.hookline.ingest.EventJournal.Status;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.MigratedDatabase;
import io.hookline.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingest journal driven directly: group commit, order per message, backpressure and bisection, on PostgreSQL. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class EventJournalTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-24T10:00:00Z"));
    private Vertx vertx;
    private MigratedDatabase database;

    @BeforeAll
    void database(Vertx vertx) {
        this.vertx = vertx;
        database = MigratedDatabase.create(vertx);
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    private static List<JsonObject> messages(String ws, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> Events.message(ws, Events.uid(), "sent"))
                .toList();
    }

    private static String ws() {
        return "journal-" + Events.uid().substring(0, 8);
    }

    /** The workspace's event ids in journal order. */
    private List<String> journal(String ws) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.db().connect();
                PreparedStatement st =
                        c.prepareStatement("SELECT id FROM events WHERE workspace_id = ? ORDER BY seq")) {
            st.setString(1, ws);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Every answer, once the journal has finished with the writes behind them (their metrics are recorded then). */
    private static List<Outcome> all(JournalRig rig, List<Future<Outcome>> answers) {
        List<Outcome> outcomes = answers.stream().map(Await::result).toList();
        Await.until("the journal is idle", WAIT, rig::idle);
        return outcomes;
    }

    @Test
    void eventsArrivingTogetherAreCommittedByOneWriteInArrivalOrder() throws Exception {
        JournalRig rig = new JournalRig(vertx, database.pool(), clock, 100);
        String ws = ws();
        List<JsonObject> events = messages(ws, 30);

        List<Outcome> outcomes = all(rig, rig.append(events));

        assertThat(outcomes).extracting(Outcome::status).containsOnly(Status.ACCEPTED);
        assertThat(rig.writes()).as("writes").isEqualTo(1);
        assertThat(journal(ws))
                .containsExactlyElementsOf(
                        events.stream().map(e -> e.getString("id")).toList());
        assertThat(rig.handedOff).hasSize(1);
        assertThat(rig.handedOff.get(0)).hasSize(30);
    }

    @Test
    void aWriteCarriesAtMostMaxBatchEvents() {
        JournalRig rig = new JournalRig(vertx, database.pool(), clock, 8);

        all(rig, rig.append(messages(ws(), 30)));

        assertThat(rig.writes()).as("writes of 8, 8, 8 and 6").isEqualTo(4);
        assertThat(rig.largestWrite()).isEqualTo(8);
    }

    @Test
    void aReactionWaitsForTheWriteOfItsMessageWhileOtherMessagesGoAhead() throws Exception {
        JournalRig rig = new JournalRig(vertx, database.pool(), clock, 100);
        String ws = ws();
        String uid = Events.uid();
        JsonObject message = Events.message(ws, uid, "sent");
        JsonObject reaction = Events.reaction(ws, uid, "set", "👍", null);
        JsonObject other = Events.message(ws, Events.uid(), "sent");

        List<Outcome> outcomes = all(rig, rig.appendWhileWriting(List.of(message), List.of(reaction, other)));

        assertThat(outcomes).extracting(Outcome::status).containsOnly(Status.ACCEPTED);
        // the other message did not wait behind the reaction, nor was the reaction written with it: three writes
        assertThat(rig.writes()).as("writes").isEqualTo(3);
        assertThat(rig.answered)
                .as("the reaction is answered after its message")
                .containsSubsequence(message.getString("id"), reaction.getString("id"));
        assertThat(journal(ws)).containsSubsequence(message.getString("id"), reaction.getString("id"));
        assertThat(rig.handedOff.stream().flatMap(List::stream).map(e -> e.eventId()))
                .as("the reaction saw its message synced, so it fires")
                .contains(reaction.getString("id"));
    }

    @Test
    void whileDeliveryIsBackedUpNothingIsCommittedAndTheProducerWaits(VertxTestContext test) throws Exception {
        JournalRig rig = new JournalRig(vertx, database.pool(), clock, 100);
        String ws = ws();
        rig.backedUp.set(true);

        Future<Outcome> answer = rig.append(messages(ws, 1)).get(0);
        Await.until("the journal asked again and again", WAIT, () -> rig.asked.get() >= 10);

        assertThat(answer.isComplete()).as("answered while backed up").isFalse();
        assertThat(journal(ws)).isEmpty();
        assertThat(rig.writes()).isZero();
        Checkpoint committed = test.checkpoint();
        rig.backedUp.set(false);
        answer.onComplete(test.succeeding(outcome -> test.verify(() -> {
            assertThat(outcome.status()).isEqualTo(Status.ACCEPTED);
            committed.flag();
        })));
    }

    @Test
    void anEventTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsCommitted() throws Exception {
        JournalRig rig = new JournalRig(vertx, database.pool(), clock, 100);
        String ws = ws();
        List<JsonObject> events = messages(ws, 7);
        List<String> ids =
                new ArrayList<>(events.stream().map(e -> e.getString("id")).toList());
        ids.set(3, "bad-\u0000-id"); // PostgreSQL text cannot hold NUL: the whole statement is refused

        List<Future<Outcome>> answers = rig.append(events, ids);
        Await.until("every producer answered", WAIT, () -> answers.stream().allMatch(Future::isComplete));

        assertThat(answers.get(3).failed()).isTrue();
        assertThat(answers.get(3).cause()).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.code()).isEqualTo("unstorable_event");
        });
        List<String> good = new ArrayList<>(ids);
        good.remove(3);
        assertThat(answers.stream()
                        .filter(Future::succeeded)
                        .map(f -> f.result().eventId()))
                .containsExactlyElementsOf(good);
        assertThat(journal(ws)).containsExactlyElementsOf(good);
        assertThat(rig.idle()).isTrue();
    }
}
