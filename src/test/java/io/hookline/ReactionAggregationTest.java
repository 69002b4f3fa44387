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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies the reaction state kept in PostgreSQL (docs/payloads.md): the {@code reactions} map each delivery carries is
 * the aggregate after that reaction, applied in arrival order, also when reactions arrive concurrently.
 */
class ReactionAggregationTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonObject ANN = Events.person("Ann", "+15550000001");
    private static final JsonObject BOB = Events.person("Bob", "+15550000002");
    private static final JsonObject CAT = Events.person("Cat", "+15550000003");
    private static final String REACTION_WRITES_LOCKING = "hookline_reaction_writes_total{path=\"locking\"}";
    private static final String REACTION_WRITES_ONE_ROUND_TRIP =
            "hookline_reaction_writes_total{path=\"one_round_trip\"}";
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    /** 3 reactors set 👍, one switches to ❤️, one clears, an unknown reactor sets 👍. */
    private static List<JsonObject> script(String ws, String uid) {
        return List.of(
                Events.reaction(ws, uid, "set", "👍", ANN),
                Events.reaction(ws, uid, "set", "👍", BOB),
                Events.reaction(ws, uid, "set", "👍", CAT),
                Events.reaction(ws, uid, "set", "❤️", BOB),
                Events.reaction(ws, uid, "clear", "👍", CAT),
                Events.reaction(ws, uid, "set", "👍", null));
    }

    private static final List<Map<String, String>> EXPECTED = List.of(
            Map.of("👍", "1"),
            Map.of("👍", "2"),
            Map.of("👍", "3"),
            Map.of("👍", "2", "❤️", "1"),
            Map.of("👍", "1", "❤️", "1"),
            Map.of("👍", "2", "❤️", "1"));

    private String syncedMessage(String ws) {
        String uid = Events.uid();
        assertThat(hookline.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);
        return uid;
    }

    private static Map<String, Object> reactionsOf(Receiver.Request request) {
        return request.json()
                .getJsonObject("reaction")
                .getJsonObject("reactions")
                .getMap();
    }

    @Test
    void aggregateAfterEachEventFollowsTheScript() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = syncedMessage(ws);
        double locking = hookline.metric(REACTION_WRITES_LOCKING);
        double oneRoundTrip = hookline.metric(REACTION_WRITES_ONE_ROUND_TRIP);

        List<JsonObject> script = script(ws, uid);
        for (int i = 0; i < script.size(); i++) {
            assertThat(hookline.postEvent(script.get(i)).status()).isEqualTo(202);
            Receiver.Request got = receiver.awaitEvent(script.get(i).getString("id"), WAIT);
            assertThat(reactionsOf(got)).as("after event %d", i + 1).isEqualTo(EXPECTED.get(i));
        }
        // the first reaction reads the message's state under the lock; the instance knows it from then on
        assertThat(hookline.metric(REACTION_WRITES_LOCKING) - locking).isEqualTo(1);
        assertThat(hookline.metric(REACTION_WRITES_ONE_ROUND_TRIP) - oneRoundTrip)
                .isEqualTo(script.size() - 1);
    }

    /**
     * A clear without its emoji (as WhatsApp reports a removed reaction) removes that reactor's reaction; the payload
     * says {@code "emoji":null}, and the attempt log renders the same bytes again from the journal.
     */
    @Test
    void aClearWithoutItsEmojiRemovesTheReactorsReaction() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String webhook =
                hookline.webhook(ws, receiver.url(), "message:reaction").getString("id");
        String uid = syncedMessage(ws);
        JsonObject clear = Events.reaction(ws, uid, "clear", null, ANN);
        clear.getJsonObject("reaction").remove("emoji");
        List<JsonObject> events =
                List.of(Events.reaction(ws, uid, "set", "👍", ANN), Events.reaction(ws, uid, "set", "❤️", BOB), clear);
        for (JsonObject event : events) {
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), WAIT);
        }
        Receiver.Request got = receiver.awaitEvent(clear.getString("id"), WAIT);
        assertThat(got.bodyText())
                .endsWith("\"reaction\":{\"message_uid\":\"" + uid + "\",\"action\":\"clear\",\"emoji\":null,"
                        + "\"reactor\":{\"full_name\":\"Ann\",\"phone\":\"+15550000001\"},"
                        + "\"timestamp\":\"2026-05-24 12:00:00 +0200\",\"reactions\":{\"❤️\":\"1\"}}}");

        String attempts = "/v1/workspaces/" + ws + "/webhooks/" + webhook + "/attempts";
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject newest = newestAttempt(attempts);
        while (!clear.getString("id").equals(newest.getString("event_id")) && System.nanoTime() < deadline) {
            Receiver.sleep(20); // attempts are written in batches, just after the delivery
            newest = newestAttempt(attempts);
        }
        assertThat(newest.getString("event_id")).isEqualTo(clear.getString("id"));
        Http.Response log =
                hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + webhook + "/log?limit=1", null);
        assertThat(log.status()).isEqualTo(200);
        JsonObject entry = log.jsonArray().getJsonObject(0);
        assertThat(entry.getString("event_id")).isEqualTo(clear.getString("id"));
        assertThat(entry.getJsonObject("request").getJsonObject("body")).isEqualTo(got.json());
    }

    /** The newest attempt, or an empty object while none is written yet (attempts are written in batches). */
    private JsonObject newestAttempt(String attempts) {
        JsonArray data = hookline.admin("GET", attempts, null).json().getJsonArray("data");
        return data.isEmpty() ? new JsonObject() : data.getJsonObject(0);
    }

    @Test
    void concurrentScriptsOnManyMessagesEachFollowTheirOwnOrder() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        List<List<JsonObject>> scripts = new ArrayList<>();
        for (int m = 0; m < 20; m++) {
            scripts.add(script(ws, syncedMessage(ws)));
        }

        List<CompletableFuture<Void>> runs = scripts.stream()
                .map(script -> CompletableFuture.runAsync(
                        () -> {
                            for (JsonObject event : script) {
                                assertThat(hookline.postEvent(event).status()).isEqualTo(202);
                            }
                        },
                        pool))
                .toList();
        runs.forEach(CompletableFuture::join);

        receiver.await(20 * 6, WAIT);
        for (List<JsonObject> script : scripts) {
            for (int i = 0; i < script.size(); i++) {
                Receiver.Request got = receiver.awaitEvent(script.get(i).getString("id"), WAIT);
                assertThat(reactionsOf(got)).as("after event %d", i + 1).isEqualTo(EXPECTED.get(i));
            }
        }
    }

    @Test
    void reactionsArrivingAtOnceAreAppliedInTheOrderTheyWereCommitted() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = syncedMessage(ws);
        List<JsonObject> events = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            events.addAll(script(ws, uid));
        }

        List<CompletableFuture<Http.Response>> posts = events.stream()
                .map(e -> CompletableFuture.supplyAsync(() -> hookline.postEvent(e), pool))
                .toList();
        posts.forEach(p -> assertThat(p.join().status()).isEqualTo(202));
        receiver.await(events.size(), WAIT);

        // Replay the events in journal order with an independent model: each delivery must show its state.
        Map<String, Long> seqs = new HashMap<>();
        rows("SELECT id, seq FROM events WHERE workspace_id = ? AND kind = 'reaction'", ws)
                .forEach(r -> seqs.put((String) r.get("id"), (Long) r.get("seq")));
        List<JsonObject> inJournalOrder = events.stream()
                .sorted(Comparator.comparing(e -> seqs.get(e.getString("id"))))
                .toList();
        ReferenceModel model = new ReferenceModel();
        for (JsonObject event : inJournalOrder) {
            model.apply(event.getJsonObject("reaction"));
            Receiver.Request got = receiver.awaitEvent(event.getString("id"), WAIT);
            assertThat(reactionsOf(got)).as("event %s", event.getString("id")).isEqualTo(model.aggregate());
        }
    }

    @Test
    void producerGivenAggregateIsUsedAsGivenWithCountsAsStringsAndZerosOmitted() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = syncedMessage(ws);
        JsonObject event = Events.reaction(ws, uid, "set", "👍", ANN);
        event.getJsonObject("reaction")
                .put("reactions", new JsonObject().put("👍", 7).put("😂", 0).put("❤️", "2"));

        assertThat(hookline.postEvent(event).status()).isEqualTo(202);

        assertThat(reactionsOf(receiver.awaitEvent(event.getString("id"), WAIT)))
                .isEqualTo(Map.of("👍", "7", "❤️", "2"));
    }

    @Test
    void aBatchIsAppliedInItsOwnOrderIncludingTheMessageItReactsTo() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = Events.uid();
        List<JsonObject> script = script(ws, uid);
        JsonArray batch = new JsonArray().add(Events.message(ws, uid, "sent"));
        script.forEach(batch::add);

        Http.Response response = hookline.postBatch(new JsonObject().put("events", batch));

        assertThat(response.status()).isEqualTo(202);
        for (int i = 0; i < script.size(); i++) {
            Receiver.Request got = receiver.awaitEvent(script.get(i).getString("id"), WAIT);
            assertThat(reactionsOf(got)).as("after event %d", i + 1).isEqualTo(EXPECTED.get(i));
        }
    }

    /**
     * Within one batch a reaction sees only what came before it: one ahead of its message is not synced, one behind it
     * counts from an empty state (the first one left nothing behind).
     */
    @Test
    void aReactionAheadOfItsMessageInTheSameBatchIsNotSyncedAndOneBehindItIs() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        syncedMessage(ws); // another message: the workspace is known, so the batch's events go into one write
        String uid = Events.uid();
        JsonObject ahead = Events.reaction(ws, uid, "set", "👍", null);
        JsonObject message = Events.message(ws, uid, "received");
        JsonObject behind = Events.reaction(ws, uid, "set", "❤️", null);

        Http.Response response = hookline.postBatch(new JsonObject()
                .put("events", new JsonArray().add(ahead).add(message).add(behind)));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(count(
                        "SELECT count(DISTINCT received_at) FROM events WHERE workspace_id = ? AND id IN (?, ?, ?)",
                        ws,
                        ahead.getString("id"),
                        message.getString("id"),
                        behind.getString("id")))
                .as("the three events were written together (one write, one received_at)")
                .isEqualTo(1);
        assertThat(reactionsOf(receiver.awaitEvent(behind.getString("id"), WAIT)))
                .isEqualTo(Map.of("❤️", "1"));
        assertThat(receiver.requests(r -> ahead.getString("id").equals(r.header("webhook-id"))))
                .isEmpty();
        assertThat(rows(
                        "SELECT " + SKIP_REASON + " AS skip_reason FROM events WHERE workspace_id = ? AND id = ?",
                        ws,
                        ahead.getString("id")))
                .extracting(r -> r.get("skip_reason"))
                .containsExactly("message_not_synced");
    }

    /**
     * A producer's retry of a reaction (same id) is a duplicate and changes no aggregate, also when it shares a write
     * with a new reaction to the same message. An anonymous 👍 counts once per event, so applying it twice would show.
     */
    @Test
    void aRetriedReactionIsADuplicateAndIsNeverAppliedTwice() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = syncedMessage(ws);
        JsonObject first = Events.reaction(ws, uid, "set", "👍", null);
        JsonObject second = Events.reaction(ws, uid, "set", "👍", null);

        assertThat(hookline.postEvent(first).status()).isEqualTo(202);
        assertThat(reactionsOf(receiver.awaitEvent(first.getString("id"), WAIT)))
                .isEqualTo(Map.of("👍", "1"));
        Http.Response retry = hookline.postEvent(first);
        Http.Response batch = hookline.postBatch(
                new JsonObject().put("events", new JsonArray().add(first).add(second)));

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("status")).isEqualTo("duplicate");
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        JsonArray results = batch.json().getJsonArray("results");
        assertThat(results.getJsonObject(0))
                .isEqualTo(new JsonObject().put("id", first.getString("id")).put("status", "duplicate"));
        assertThat(results.getJsonObject(1))
                .isEqualTo(new JsonObject().put("id", second.getString("id")).put("status", "accepted"));
        assertThat(reactionsOf(receiver.awaitEvent(second.getString("id"), WAIT)))
                .isEqualTo(Map.of("👍", "2"));
        assertThat(receiver.requests(r -> first.getString("id").equals(r.header("webhook-id"))))
                .hasSize(1);
        assertThat(rows("SELECT reactions FROM events WHERE workspace_id = ? AND kind = 'reaction' ORDER BY seq", ws))
                .extracting(r -> r.get("reactions"))
                .containsExactly("{\"👍\":\"1\"}", "{\"👍\":\"2\"}");
        // the write that found the retry was rolled back, not left open on a pooled connection
        Await.until(
                "no Hookline connection left inside a transaction",
                WAIT,
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")
                        == 0);
    }

    /**
     * Deleting a workspace drops its reaction state, and with it what the instance remembers having saved: once the
     * workspace is back, a reaction to one of its old messages (kept in the journal as history) counts from nothing.
     */
    @Test
    void aRecreatedWorkspaceCountsReactionsToItsOldMessagesFromNothing() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = syncedMessage(ws);
        for (JsonObject reactor : List.of(ANN, BOB)) {
            assertThat(hookline.postEvent(Events.reaction(ws, uid, "set", "👍", reactor))
                            .status())
                    .isEqualTo(202);
        }
        receiver.await(2, WAIT);
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws, null).status())
                .isEqualTo(204);
        hookline.workspace(ws);
        hookline.webhook(ws, receiver.url(), "message:reaction");

        JsonObject after = Events.reaction(ws, uid, "set", "👍", CAT);
        assertThat(hookline.postEvent(after).status()).isEqualTo(202);

        assertThat(reactionsOf(receiver.awaitEvent(after.getString("id"), WAIT)))
                .isEqualTo(Map.of("👍", "1"));
    }

    /** The reaction rules of docs/payloads.md written out plainly, independent of Hookline's implementation. */
    private static final class ReferenceModel {
        private final Map<String, String> byReactor = new LinkedHashMap<>();
        private final Map<String, Integer> unknown = new HashMap<>();

        void apply(JsonObject reaction) {
            JsonObject reactor = reaction.getJsonObject("reactor");
            String emoji = reaction.getString("emoji");
            boolean set = reaction.getString("action").equals("set");
            if (reactor != null) {
                String key = reactor.getString("phone");
                if (set) {
                    byReactor.put(key, emoji);
                } else {
                    byReactor.remove(key);
                }
            } else if (set) {
                unknown.merge(emoji, 1, Integer::sum);
            } else {
                unknown.computeIfPresent(emoji, (k, n) -> n > 1 ? n - 1 : null);
            }
        }

        Map<String, Object> aggregate() {
            Map<String, Integer> counts = new HashMap<>(unknown);
            byReactor.values().forEach(e -> counts.merge(e, 1, Integer::sum));
            Map<String, Object> result = new HashMap<>();
            counts.forEach((e, n) -> {
                if (n > 0) {
                    result.put(e, Integer.toString(n));
                }
            });
            return result;
        }
    }
}
