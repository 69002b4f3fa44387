package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies two Hookline instances on one database: webhook changes made through one take effect on the other within
 * a second (LISTEN/NOTIFY), failures spread over both disable a webhook exactly once, with exactly one mail, after
 * exactly one warning, and reactions to one message taken by both at once are each counted once.
 */
class MultiInstanceTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Mail mail;
    private Hookline second;

    @Override
    protected JsonObject settings() {
        if (mail == null) {
            mail = closeLater(Mail.start());
        }
        return new JsonObject().put("smtp_host", "127.0.0.1").put("smtp_port", mail.port());
    }

    @BeforeAll
    void startSecondInstance() {
        second = Hookline.start(db.url(), settings());
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    /** Milliseconds until {@code instance}'s cache shows the webhook in the expected state. */
    private long millisUntil(Hookline instance, UUID id, boolean present, boolean enabled) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 10_000_000_000L) {
            WebhookRef ref = instance.app().subscriptions().get(id);
            if ((ref != null) == present && (ref == null || ref.enabled() == enabled)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Receiver.sleep(5);
        }
        return Long.MAX_VALUE;
    }

    /**
     * Anonymous 👍 to one message posted through both instances at once: each is counted exactly once, so the
     * deliveries carry every aggregate from 1 to 21 once. The message's state row is held locked by the test while the
     * 20 reactions arrive, so both instances' reaction writes are made to wait on it together and then contend for it;
     * none may lose another's update.
     */
    @Test
    void reactionsToOneMessageThroughBothInstancesAtOnceAreEachCountedOnce() throws Exception {
        String ws = hookline.workspace("multi-react-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = Events.uid();
        assertThat(hookline.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);
        assertThat(second.postEvent(Events.reaction(ws, uid, "set", "👍", null)).status())
                .isEqualTo(202); // its state row exists from here on
        ExecutorService producers = Executors.newFixedThreadPool(8);
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT state FROM reaction_state WHERE workspace_id = ? AND message_uid = ? FOR UPDATE")) {
                lock.setString(1, ws);
                lock.setString(2, uid);
                lock.executeQuery().close();
            }
            List<CompletableFuture<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Hookline via = i % 2 == 0 ? hookline : second;
                posts.add(CompletableFuture.supplyAsync(
                        () -> via.postEvent(Events.reaction(ws, uid, "set", "👍", null))
                                .status(),
                        producers));
            }
            Await.until(
                    "two or more reaction writes waiting for the row",
                    WAIT,
                    () -> count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                    + " AND wait_event_type = 'Lock' AND query LIKE '%reaction_state%'")
                            >= 2);
            holder.commit();
            assertThat(posts.stream().map(CompletableFuture::join)).containsOnly(202);
        } finally {
            producers.shutdownNow();
        }

        receiver.await(21, WAIT);
        List<String> counts = receiver.requests(r -> true).stream()
                .map(r -> r.json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getString("👍"))
                .toList();
        assertThat(counts)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(1, 21).mapToObj(String::valueOf).toList());
    }

    /**
     * Each instance computes a message's next reaction state from the one it saved last, and saves it only if the row
     * still holds that one: reactions taken in turns by the two instances each count what the other added meanwhile
     * (from the third turn on, each instance's remembered state is out of date).
     */
    @Test
    void reactionsTakenInTurnsByBothInstancesEachCountWhatTheOtherAdded() {
        String ws = hookline.workspace("multi-turns-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        String uid = Events.uid();
        assertThat(hookline.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);
        JsonObject ann = Events.person("Ann", "+15550000001");
        JsonObject bob = Events.person("Bob", "+15550000002");
        List<JsonObject> turns = List.of(
                Events.reaction(ws, uid, "set", "👍", ann),
                Events.reaction(ws, uid, "set", "❤️", bob),
                Events.reaction(ws, uid, "set", "👍", null),
                Events.reaction(ws, uid, "clear", "❤️", bob),
                Events.reaction(ws, uid, "clear", "👍", ann),
                Events.reaction(ws, uid, "set", "❤️", bob));
        List<Map<String, String>> expected = List.of(
                Map.of("👍", "1"),
                Map.of("👍", "1", "❤️", "1"),
                Map.of("👍", "2", "❤️", "1"),
                Map.of("👍", "2"),
                Map.of("👍", "1"),
                Map.of("👍", "1", "❤️", "1"));

        String moved = "hookline_reaction_writes_total{path=\"state_moved\"}";
        double movedHere = hookline.metric(moved);
        double movedThere = second.metric(moved);
        for (int i = 0; i < turns.size(); i++) {
            Hookline via = i % 2 == 0 ? hookline : second;
            assertThat(via.postEvent(turns.get(i)).status()).isEqualTo(202);
            Receiver.Request got = receiver.awaitEvent(turns.get(i).getString("id"), WAIT);
            assertThat(got.json()
                            .getJsonObject("reaction")
                            .getJsonObject("reactions")
                            .getMap())
                    .as("after turn %d", i + 1)
                    .isEqualTo(expected.get(i));
        }
        assertThat(hookline.metric(moved) - movedHere).as("turns 3 and 5").isEqualTo(2);
        assertThat(second.metric(moved) - movedThere).as("turns 4 and 6").isEqualTo(2);
        Await.until(
                "no connection left inside a transaction",
                WAIT,
                () -> count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")
                        == 0);
    }

    @Test
    void aWebhookCreatedThroughOneInstanceIsUsedByTheOtherWithinASecond() {
        String ws = hookline.workspace("multi-create-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver();
        UUID id = UUID.fromString(
                hookline.webhook(ws, receiver.url(), "message:new").getString("id"));

        assertThat(millisUntil(second, id, true, true)).isLessThan(1000);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(second.postEvent(event).status()).isEqualTo(202);
        receiver.awaitEvent(event.getString("id"), WAIT);
    }

    @Test
    void aWebhookDisabledThroughOneInstanceStopsReceivingThroughTheOtherWithinASecond() {
        String ws = hookline.workspace("multi-disable-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(millisUntil(second, UUID.fromString(id), true, true)).isLessThan(1000);

        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);

        assertThat(millisUntil(second, UUID.fromString(id), true, false)).isLessThan(1000);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(second.postEvent(event).status()).isEqualTo(202);
        // negative check, a fixed window on purpose: the disabled webhook must get nothing within it
        Receiver.sleep(500);
        assertThat(receiver.requests()).isEmpty();

        assertThat(second.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                        .status())
                .isEqualTo(204);
        assertThat(millisUntil(hookline, UUID.fromString(id), false, false)).isLessThan(1000);
    }

    @Test
    void elevenFailuresSplitBetweenTwoInstancesWarnOnceAndDisableTheWebhookOnceWithOneMailEach() {
        String ws = hookline.workspace("multi-fail-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(millisUntil(second, UUID.fromString(id), true, true)).isLessThan(1000);

        for (int i = 0; i < 11; i++) {
            Hookline via = i % 2 == 0 ? hookline : second;
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(via.postEvent(event).status()).isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), WAIT);
            awaitCount(i + 1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        }

        assertThat(millisUntil(hookline, UUID.fromString(id), true, false)).isLessThan(2000);
        assertThat(millisUntil(second, UUID.fromString(id), true, false)).isLessThan(2000);
        JsonObject state = second.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
        assertThat(state.getString("disabled_reason")).isEqualTo("too_many_failures");
        assertThat(state.getInteger("errors_counter")).isEqualTo(11);
        assertThat(count(
                        "SELECT count(*) FROM audit_log WHERE webhook_id = ?::uuid AND action = 'webhook.auto_disabled'",
                        id))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notifications WHERE webhook_id = ?::uuid", id))
                .isEqualTo(2);
        assertThat(count(
                        "SELECT count(*) FROM notifications WHERE webhook_id = ?::uuid AND kind = 'webhook_failing'",
                        id))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM notifications WHERE webhook_id = ?::uuid "
                                + "AND kind = 'webhook_auto_disabled'",
                        id))
                .isEqualTo(1);
        mail.await(2, 20_000);
        // negative check, a fixed window on purpose: no further mail (nor request) may arrive within it
        Receiver.sleep(2500);
        List<String> subjects = mail.messages().stream()
                .map(m -> {
                    try {
                        return m.getSubject();
                    } catch (Exception e) {
                        return "";
                    }
                })
                .filter(subject -> subject.contains(receiver.url()))
                .toList();
        assertThat(subjects).hasSize(2);
        assertThat(subjects.stream().filter(subject -> subject.contains("Webhook failing: 5 failed")))
                .hasSize(1);
        assertThat(subjects.stream().filter(subject -> subject.contains("Webhook disabled after 11 failed")))
                .hasSize(1);
        assertThat(receiver.requests()).hasSize(11);
    }

    /**
     * A burst of events through both instances at once to a receiver that fails everything from the start: the
     * instances take turns probing it (the probe lease), so together they send threshold + 1 requests, not each its
     * own threshold + 1 (22 before the lease).
     */
    @Test
    void aBurstThroughBothInstancesToAFailingReceiverGetsElevenRequestsInAll() {
        String ws = hookline.workspace("multi-burst-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver().answer(500).delay(300);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(millisUntil(second, UUID.fromString(id), true, true)).isLessThan(1000);

        JsonArray first = new JsonArray();
        JsonArray other = new JsonArray();
        for (int i = 0; i < 15; i++) {
            first.add(Events.message(ws, Events.uid(), "sent"));
            other.add(Events.message(ws, Events.uid(), "sent"));
        }
        CompletableFuture<Integer> viaSecond = CompletableFuture.supplyAsync(
                () -> second.postBatch(new JsonObject().put("events", other)).status());
        assertThat(hookline.postBatch(new JsonObject().put("events", first)).status())
                .isEqualTo(202);
        assertThat(viaSecond.join()).isEqualTo(202);

        assertThat(millisUntil(hookline, UUID.fromString(id), true, false)).isLessThan(10_000);
        assertThat(millisUntil(second, UUID.fromString(id), true, false)).isLessThan(2000);
        // negative check, a fixed window on purpose: no further request may arrive within it
        Receiver.sleep(2000);
        assertThat(receiver.requests())
                .as("requests from both instances together")
                .hasSize(11);
        assertThat(count("SELECT count(*) FROM attempts WHERE workspace_id = ?", ws))
                .isEqualTo(11);
        JsonObject state = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
        assertThat(state.getString("disabled_reason")).isEqualTo("too_many_failures");
        assertThat(state.getInteger("errors_counter")).isEqualTo(11);
    }

    @Test
    void afterTheChangeFeedReconnectsAllWebhooksAreReloaded() {
        String ws = hookline.workspace("multi-feed-" + Events.uid().substring(0, 6));
        UUID id = UUID.fromString(
                hookline.webhook(ws, receiver().url(), "message:new").getString("id"));
        assertThat(millisUntil(second, id, true, true)).isLessThan(1000);

        // drop the LISTEN connections, then change the webhook without any NOTIFY while they are away
        assertThat(count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND query ILIKE 'LISTEN%'"))
                .isGreaterThanOrEqualTo(2);
        rows("UPDATE webhooks SET enabled = false WHERE id = ?::uuid RETURNING id", id.toString());

        assertThat(millisUntil(second, id, true, false))
                .as("reloaded after the reconnect")
                .isLessThan(5000);
        assertThat(millisUntil(hookline, id, true, false)).isLessThan(5000);
    }

    @Test
    void anEventReachesAWebhookThisInstanceHasNotHeardOfYet() {
        String ws = hookline.workspace("multi-unheard-" + Events.uid().substring(0, 6));
        Receiver receiver = receiver();
        // a webhook whose notification never reaches the instances (as if it were still on its way)
        rows(
                "INSERT INTO webhooks (id, workspace_id, url, event_type, format, enabled, secret) "
                        + "VALUES (?::uuid, ?, ?, 'message:new', 'v2', true, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') RETURNING id",
                UUID.randomUUID().toString(),
                ws,
                receiver.url());
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        assertThat(second.postEvent(event).status()).isEqualTo(202);

        receiver.awaitEvent(event.getString("id"), WAIT);
    }
}
