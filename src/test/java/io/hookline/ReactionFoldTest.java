package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OpenApiDocument;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies opt-in reaction folding with ten reactors in a group chat: with the window at 0, ten POSTs
 * in order with aggregates 1..10 (the seed's rule, bytes unchanged); with a window, one POST carrying the last
 * reaction, the final aggregate and {@code "folded": 10}, which event lookup and the log show for every folded event.
 */
class ReactionFoldTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WINDOW_MS = 3000;

    private String groupMessage(String ws) {
        String uid = Events.uid();
        JsonObject message = Events.message(ws, uid, "received");
        message.getJsonObject("chat").put("chat_type", "group");
        assertThat(hookline.postEvent(message).status()).isEqualTo(202);
        return uid;
    }

    private static List<JsonObject> tenReactors(String ws, String uid) {
        List<JsonObject> reactions = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            JsonObject reaction =
                    Events.reaction(ws, uid, "set", "👍", Events.person("Reactor " + i, "+1555000000" + i));
            reaction.getJsonObject("chat").put("chat_type", "group");
            reaction.getJsonObject("reaction").put("timestamp", "2026-05-24T12:00:" + (10 + i) + "+02:00");
            reactions.add(reaction);
        }
        return reactions;
    }

    private JsonObject foldingWebhook(String ws, String url, int windowMs) {
        Http.Response r = hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject()
                        .put("url", url)
                        .put("event_types", new JsonArray().add("message:reaction"))
                        .put("reaction_window_ms", windowMs));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void withTheWindowAtZeroTenReactorsMakeTenPostsInOrderWithAggregatesOneToTen() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = foldingWebhook(ws, receiver.url(), 0);
        assertThat(webhook.getInteger("reaction_window_ms")).isZero();
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));

        // Each reaction's own post carries the aggregate right after it: the order is the order the reactions were
        // applied in. The posts themselves may overtake each other on the way (a webhook's deliveries run several
        // at a time, over several connections), so they are matched by their webhook-id, not by arrival.
        List<Receiver.Request> got = receiver.await(10, WAIT);
        Map<String, JsonObject> byId = new HashMap<>();
        got.forEach(post -> byId.put(post.header("webhook-id"), post.json().getJsonObject("reaction")));
        assertThat(byId).as("one post per reaction").hasSize(10);
        for (int i = 0; i < 10; i++) {
            JsonObject reaction = byId.get(reactions.get(i).getString("id"));
            assertThat(reaction).as("the post of reaction %d", i + 1).isNotNull();
            assertThat(reaction.getJsonObject("reactions").getString("👍")).isEqualTo(Integer.toString(i + 1));
            assertThat(reaction.containsKey("folded")).isFalse();
        }
    }

    /**
     * A fold whose POST is still queued or on the wire when its claim runs out (it waited behind an open breaker) is
     * claimed again: it was then handed to the lane a second time and sent twice (code review). Here the claim is
     * made to run out while the receiver holds the POST.
     */
    @Test
    void aFoldClaimedAgainWhileItsPostIsOnTheWireIsNotSentTwice() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(3000);
        String webhook = foldingWebhook(ws, receiver.url(), 300).getString("id");
        String uid = groupMessage(ws);
        JsonObject reaction = tenReactors(ws, uid).get(0);
        assertThat(hookline.postEvent(reaction).status()).isEqualTo(202);
        receiver.await(1, WAIT);
        assertThat(count(
                        "SELECT count(*) FROM (SELECT 1 FROM reaction_folds WHERE webhook_id = ?::uuid AND outcome IS "
                                + "NULL AND claimed_by IS NOT NULL) f",
                        webhook))
                .isEqualTo(1);
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement st = c.prepareStatement("UPDATE reaction_folds SET claimed_until = now() - "
                        + "interval '1 second' WHERE webhook_id = ?::uuid AND outcome IS NULL")) {
            st.setString(1, webhook);
            assertThat(st.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        awaitCount(1, "SELECT count(*) FROM reaction_folds WHERE webhook_id = ?::uuid AND outcome = 'sent'", webhook);
        // negative check, a fixed window on purpose: the claimer has passed many times since the claim ran out
        Receiver.sleep(1000);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.requests().get(0).header("webhook-id")).isEqualTo(reaction.getString("id"));
    }

    @Test
    void withAWindowTenReactorsMakeOnePostWithTheLastReactionTheFinalAggregateAndFoldedTen() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = foldingWebhook(ws, receiver.url(), WINDOW_MS);
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid);
        long firstPosted = System.nanoTime();
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        assertThat(Duration.ofNanos(System.nanoTime() - firstPosted))
                .as("all ten inside the window")
                .isLessThan(Duration.ofMillis(WINDOW_MS));

        Receiver.Request post = receiver.await(1, WAIT).get(0);
        assertThat(Duration.ofNanos(post.receivedNanos() - firstPosted))
                .isGreaterThanOrEqualTo(Duration.ofMillis(WINDOW_MS - 100));
        JsonObject last = reactions.get(9);
        assertThat(post.header("webhook-id")).isEqualTo(last.getString("id"));
        JsonObject reaction = post.json().getJsonObject("reaction");
        assertThat(reaction.getString("emoji")).isEqualTo("👍");
        assertThat(reaction.getJsonObject("reactor").getString("full_name")).isEqualTo("Reactor 10");
        assertThat(reaction.getString("timestamp")).isEqualTo("2026-05-24 12:00:20 +0200");
        assertThat(reaction.getJsonObject("reactions").getMap()).containsExactly(java.util.Map.entry("👍", "10"));
        assertThat(reaction.getInteger("folded")).isEqualTo(10);
        assertThat(post.bodyText()).endsWith("\"reactions\":{\"👍\":\"10\"},\"folded\":10}}");
        assertThat(OpenApiDocument.load()
                        .validate("/components/schemas/ReactionPayload", OpenApiDocument.json(post.bodyText())))
                .as("the documented reaction payload schema")
                .isEmpty();

        String base = "/v1/workspaces/" + ws;
        awaitCount(
                10,
                "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid",
                webhook.getString("id"));
        for (JsonObject event : reactions) {
            JsonObject found = hookline.admin("GET", base + "/events/" + event.getString("id"), null)
                    .json();
            assertThat(found.getString("status")).as(found.encode()).isEqualTo("dispatched");
            assertThat(found.getJsonArray("deliveries")).hasSize(1);
            JsonObject delivery = found.getJsonArray("deliveries").getJsonObject(0);
            assertThat(delivery.getString("webhook_id")).isEqualTo(webhook.getString("id"));
            assertThat(delivery.getBoolean("success")).isTrue();
        }
        JsonArray log =
                new JsonArray(hookline.admin("GET", base + "/webhooks/" + webhook.getString("id") + "/log", null)
                        .body());
        assertThat(log).hasSize(1);
        assertThat(log.getJsonObject(0)
                        .getJsonObject("request")
                        .getJsonObject("body")
                        .getJsonObject("reaction")
                        .getInteger("folded"))
                .isEqualTo(10);
        assertThat(receiver.requests()).hasSize(1);
    }

    /**
     * More reactions in one window than the fold sender claims rows per pass (500): the claim's limit cut the fold in
     * two, sent as two POSTs (folded 500 with a stale aggregate, then folded 100: an outside review). One POST now.
     */
    @Test
    void aFoldOfMoreReactionsThanOnePassClaimsIsStillOnePost() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        foldingWebhook(ws, receiver.url(), 2000);
        String uid = groupMessage(ws);
        JsonArray reactions = new JsonArray();
        for (int i = 1; i <= 600; i++) {
            JsonObject reaction = Events.reaction(
                    ws, uid, "set", "👍", Events.person("Reactor " + i, "+1555" + String.format("%07d", i)));
            reaction.getJsonObject("chat").put("chat_type", "group");
            reactions.add(reaction);
        }

        Http.Response batch = hookline.postBatch(new JsonObject().put("events", reactions));

        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        Receiver.Request post = receiver.await(1, WAIT).get(0);
        assertThat(post.header("webhook-id"))
                .isEqualTo(reactions.getJsonObject(599).getString("id"));
        JsonObject reaction = post.json().getJsonObject("reaction");
        assertThat(reaction.getInteger("folded")).isEqualTo(600);
        assertThat(reaction.getJsonObject("reactions").getMap()).containsExactly(java.util.Map.entry("👍", "600"));
        Receiver.sleep(3000); // the fold sender's passes after the first
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void reactionsToAnotherMessageOrAfterTheWindowClosedMakeTheirOwnPost() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        foldingWebhook(ws, receiver.url(), 500);
        String first = groupMessage(ws);
        String second = groupMessage(ws);
        JsonObject a = Events.reaction(ws, first, "set", "👍", Events.person("Ann", "+1"));
        JsonObject b = Events.reaction(ws, second, "set", "😂", Events.person("Ann", "+1"));
        assertThat(hookline.postEvent(a).status()).isEqualTo(202);
        assertThat(hookline.postEvent(b).status()).isEqualTo(202);
        assertThat(receiver.awaitEvent(a.getString("id"), WAIT)
                        .json()
                        .getJsonObject("reaction")
                        .getInteger("folded"))
                .isEqualTo(1);
        assertThat(receiver.awaitEvent(b.getString("id"), WAIT)
                        .json()
                        .getJsonObject("reaction")
                        .getInteger("folded"))
                .isEqualTo(1);
        JsonObject later = Events.reaction(ws, first, "clear", "👍", Events.person("Ann", "+1"));
        assertThat(hookline.postEvent(later).status()).isEqualTo(202);
        JsonObject reaction =
                receiver.awaitEvent(later.getString("id"), WAIT).json().getJsonObject("reaction");
        assertThat(reaction.getInteger("folded")).isEqualTo(1);
        assertThat(reaction.getJsonObject("reactions").getMap()).isEmpty();
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void aRecoveryLeavesOpenAndDeliveredFoldsAlone() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 1500).getString("id");
        String since = java.time.Instant.now().minusSeconds(5).toString();
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid).subList(0, 3);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        awaitCount(3, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND webhook_id = ?::uuid", id);

        JsonObject whileOpen = recoverAndFinish(ws, id, since);
        assertThat(whileOpen.getInteger("total"))
                .as("the open fold will deliver them")
                .isZero();
        Receiver.Request fold = receiver.await(1, WAIT).get(0);
        assertThat(fold.header("webhook-id")).isEqualTo(reactions.get(2).getString("id"));
        assertThat(fold.json().getJsonObject("reaction").getInteger("folded")).isEqualTo(3);
        awaitCount(3, "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid", id);

        JsonObject afterSent = recoverAndFinish(ws, id, since);
        assertThat(afterSent.getInteger("total"))
                .as("the fold's POST delivered all three")
                .isZero();
        assertThat(afterSent.getInteger("sent")).isZero();
        Receiver.sleep(500);
        assertThat(receiver.requests()).hasSize(1);
    }

    /**
     * A fold whose POST failed delivered none of its reactions: resending its last reaction (its own payload, no
     * {@code folded}) delivers that one only, so a recovery still sends the others, and lookup credits the resend to
     * the last reaction alone.
     */
    @Test
    void afterAFailedFoldAResendOfItsLastReactionLeavesTheOthersToRecovery() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = foldingWebhook(ws, receiver.url(), 1000).getString("id");
        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        String since = java.time.Instant.now().minusSeconds(5).toString();
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid).subList(0, 3);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        String last = reactions.get(2).getString("id");
        assertThat(receiver.await(1, WAIT).get(0).header("webhook-id")).isEqualTo(last);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid", id);
        receiver.answer(200);

        Http.Response resent = hookline.admin("POST", base + "/resend", new JsonObject().put("event_id", last));
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        JsonObject firstLookup = hookline.admin(
                        "GET",
                        "/v1/workspaces/" + ws + "/events/" + reactions.get(0).getString("id"),
                        null)
                .json();
        JsonObject recovered = recoverAndFinish(ws, id, since);

        assertThat(firstLookup.getJsonArray("deliveries").stream()
                        .map(d -> ((JsonObject) d).getString("outcome") + " " + ((JsonObject) d).getString("trigger"))
                        .toList())
                .as("only the fold's failed POST is the first reaction's")
                .containsExactly("failed delivery");
        assertThat(recovered.getInteger("total")).isEqualTo(2);
        assertThat(recovered.getInteger("succeeded")).isEqualTo(2);
        assertThat(receiver.requests().stream().map(r -> r.header("webhook-id")).toList())
                .containsExactly(
                        last,
                        last,
                        reactions.get(0).getString("id"),
                        reactions.get(1).getString("id"));
    }

    /** A resend of a reaction while its fold is open is that reaction's own POST: the fold still goes out. */
    @Test
    void aResendOfTheLastReactionWhileTheWindowIsOpenDoesNotStandInForTheFold() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), WINDOW_MS).getString("id");
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid).subList(0, 3);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        awaitCount(3, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND webhook_id = ?::uuid", id);
        String last = reactions.get(2).getString("id");

        Http.Response resent = hookline.admin(
                "POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/resend", new JsonObject().put("event_id", last));

        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        List<Receiver.Request> got = receiver.await(2, WAIT);
        assertThat(got.get(0).json().getJsonObject("reaction").containsKey("folded"))
                .as("the resend is the reaction alone")
                .isFalse();
        assertThat(got.get(1).header("webhook-id")).isEqualTo(last);
        assertThat(got.get(1).json().getJsonObject("reaction").getInteger("folded"))
                .isEqualTo(3);
    }

    /** Reactions held in an open fold when their workspace is deleted never go out: they read as skipped. */
    @Test
    void reactionsInAnOpenFoldWhenTheWorkspaceIsDeletedReadAsSkipped() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 60_000).getString("id");
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid).subList(0, 2);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        awaitCount(2, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND webhook_id = ?::uuid", id);

        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws, null).status())
                .isEqualTo(204);

        for (JsonObject reaction : reactions) {
            JsonObject seen = hookline.admin(
                            "GET", "/v1/workspaces/" + ws + "/events/" + reaction.getString("id"), null)
                    .json();
            assertThat(seen.getString("status") + " " + seen.getString("skip_reason"))
                    .as(seen.encode())
                    .isEqualTo("skipped webhook_disabled");
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void shorteningTheWindowSendsTheOpenFoldBeforeALaterReaction() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 20_000).getString("id");
        String uid = groupMessage(ws);
        List<JsonObject> reactions = tenReactors(ws, uid).subList(0, 3);
        reactions
                .subList(0, 2)
                .forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        awaitCount(2, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND webhook_id = ?::uuid", id);

        Http.Response patched = hookline.admin(
                "PATCH", "/v1/workspaces/" + ws + "/webhooks/" + id, new JsonObject().put("reaction_window_ms", 0));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        Receiver.Request fold = receiver.await(1, Duration.ofSeconds(10)).get(0);
        assertThat(fold.header("webhook-id")).isEqualTo(reactions.get(1).getString("id"));
        assertThat(fold.json().getJsonObject("reaction").getInteger("folded")).isEqualTo(2);

        assertThat(hookline.postEvent(reactions.get(2)).status()).isEqualTo(202);
        Receiver.Request own = receiver.awaitEvent(reactions.get(2).getString("id"), WAIT);
        JsonObject reaction = own.json().getJsonObject("reaction");
        assertThat(reaction.getJsonObject("reactions").getString("👍")).isEqualTo("3");
        assertThat(reaction.containsKey("folded"))
                .as("the webhook no longer folds")
                .isFalse();
        assertThat(receiver.requests()).hasSize(2);
    }

    /**
     * A fold is dropped when its webhook is disabled, even if it is enabled again before the window closes (as a queued
     * delivery is): its reactions read as skipped, not "dispatched" with nothing attempted, and a recovery sends them.
     */
    @Test
    void disablingAWebhookDropsItsOpenFoldEvenIfItIsEnabledAgainBeforeTheWindowCloses() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 1500).getString("id");
        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        String since = java.time.Instant.now().minusSeconds(5).toString();
        List<JsonObject> reactions = tenReactors(ws, groupMessage(ws)).subList(0, 2);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        awaitCount(2, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND webhook_id = ?::uuid", id);

        assertThat(hookline.admin("PATCH", base, new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);
        assertThat(hookline.admin("PATCH", base, new JsonObject().put("enabled", true))
                        .status())
                .isEqualTo(200);
        Receiver.sleep(1500 + 3000); // the window, and the fold sender's next pass

        assertThat(receiver.requests()).as("the fold was dropped").isEmpty();
        for (JsonObject reaction : reactions) {
            JsonObject seen = hookline.admin(
                            "GET", "/v1/workspaces/" + ws + "/events/" + reaction.getString("id"), null)
                    .json();
            assertThat(seen.getString("status") + " " + seen.getString("skip_reason"))
                    .as(seen.encode())
                    .isEqualTo("skipped webhook_disabled");
        }
        JsonObject recovered = recoverAndFinish(ws, id, since);
        assertThat(recovered.getInteger("succeeded")).isEqualTo(2);
        assertThat(receiver.requests().stream().map(r -> r.header("webhook-id")).toList())
                .containsExactly(
                        reactions.get(0).getString("id"), reactions.get(1).getString("id"));
    }

    /**
     * The fold sender's claim locks due folds in due order; dropping a workspace's folds locked them in another order,
     * and the two deadlocked (code review). Here a claimer holds one webhook's fold while the workspace is deleted, then
     * wants the other's: both finish.
     */
    @Test
    void droppingFoldsWaitsForTheClaimerInsteadOfDeadlockingWithIt() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String first = foldingWebhook(ws, receiver.url(), 60_000).getString("id");
        String second = foldingWebhook(ws, receiver.url(), 60_000).getString("id");
        List<JsonObject> reactions = tenReactors(ws, groupMessage(ws)).subList(0, 1);
        assertThat(hookline.postEvent(reactions.get(0)).status()).isEqualTo(202);
        awaitCount(2, "SELECT count(*) FROM reaction_folds WHERE outcome IS NULL AND workspace_id = ?", ws);
        String lockRow = "SELECT 1 FROM reaction_folds WHERE webhook_id = ?::uuid FOR UPDATE";
        try (java.sql.Connection claimer = db.connect()) {
            claimer.setAutoCommit(false);
            claimer.createStatement().execute("SELECT pg_try_advisory_xact_lock(7310031)");
            try (java.sql.PreparedStatement st = claimer.prepareStatement(lockRow)) {
                st.setString(1, second);
                st.executeQuery().close();
            }
            java.util.concurrent.CompletableFuture<Integer> deleted =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> hookline.admin("DELETE", "/v1/workspaces/" + ws, null)
                                    .status());
            Receiver.sleep(500); // the delete is under way: without the claimer's lock it now holds the first fold
            try (java.sql.PreparedStatement st = claimer.prepareStatement(lockRow)) {
                st.setString(1, first);
                st.setQueryTimeout(10);
                st.executeQuery().close();
            }
            claimer.commit();
            assertThat(deleted.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(204);
        }
        assertThat(count("SELECT count(*) FROM reaction_folds WHERE outcome = 'dropped' AND workspace_id = ?", ws))
                .isEqualTo(2);
    }

    /** Deleting a webhook keeps its history: every reaction of a fold it got still shows the fold's POST. */
    @Test
    void deletingTheWebhookLeavesTheFoldsPostInEveryReactionsLookup() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 1000).getString("id");
        List<JsonObject> reactions = tenReactors(ws, groupMessage(ws)).subList(0, 3);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        assertThat(receiver.await(1, WAIT)
                        .get(0)
                        .json()
                        .getJsonObject("reaction")
                        .getInteger("folded"))
                .isEqualTo(3);
        awaitCount(3, "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid", id);

        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                        .status())
                .isEqualTo(204);

        for (JsonObject reaction : reactions) {
            JsonObject seen = hookline.admin(
                            "GET", "/v1/workspaces/" + ws + "/events/" + reaction.getString("id"), null)
                    .json();
            assertThat(seen.getString("status")).as(seen.encode()).isEqualTo("dispatched");
            assertThat(seen.getJsonArray("deliveries").stream()
                            .map(d -> ((JsonObject) d).getString("webhook_id") + " "
                                    + ((JsonObject) d).getString("outcome"))
                            .toList())
                    .as(seen.encode())
                    .containsExactly(id + " delivered");
        }
    }

    /** A recovery started while a fold's POST is on its way waits for it, and sends the reactions if it failed. */
    @Test
    void aRecoveryStartedWhileAFoldIsOnTheWireSendsItsReactionsWhenItFails() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500).delay(2000);
        String id = foldingWebhook(ws, receiver.url(), 1000).getString("id");
        String since = java.time.Instant.now().minusSeconds(5).toString();
        List<JsonObject> reactions = tenReactors(ws, groupMessage(ws)).subList(0, 3);
        reactions.forEach(r -> assertThat(hookline.postEvent(r).status()).isEqualTo(202));
        assertThat(receiver.await(1, WAIT)
                        .get(0)
                        .json()
                        .getJsonObject("reaction")
                        .getInteger("folded"))
                .isEqualTo(3);
        receiver.delay(0); // the fold's answer (a 500) is still 2 s away

        JsonObject recovered = recoverAndFinish(ws, id, since);

        assertThat(recovered.getInteger("total")).as(recovered.encode()).isEqualTo(3);
        assertThat(recovered.getInteger("sent")).as(recovered.encode()).isEqualTo(3);
        List<Receiver.Request> got = receiver.requests();
        assertThat(got.stream().map(r -> r.header("webhook-id")).toList())
                .containsExactly(
                        reactions.get(2).getString("id"),
                        reactions.get(0).getString("id"),
                        reactions.get(1).getString("id"),
                        reactions.get(2).getString("id"));
        assertThat(got.get(1).json().getJsonObject("reaction").containsKey("folded"))
                .isFalse();
    }

    private JsonObject recoverAndFinish(String ws, String id, String since) {
        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        Http.Response started = hookline.admin("POST", base + "/recover", new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject job = started.json();
        while (System.nanoTime() < deadline && "running".equals(job.getString("status"))) {
            Receiver.sleep(50);
            job = hookline.admin("GET", base + "/recoveries/" + job.getString("id"), null)
                    .json();
        }
        assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
        return job;
    }

    @Test
    void aFoldWhoseAttemptIsStoredIsNeverSentAgainWhenClaimedAgain() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = foldingWebhook(ws, receiver.url(), 300).getString("id");
        String uid = groupMessage(ws);
        JsonObject reaction = Events.reaction(ws, uid, "set", "👍", Events.person("Ann", "+1"));
        assertThat(hookline.postEvent(reaction).status()).isEqualTo(202);
        JsonObject pending = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + reaction.getString("id"), null)
                .json();
        assertThat(pending.getString("status")).as("waiting for its window").isEqualTo("pending");
        receiver.awaitEvent(reaction.getString("id"), WAIT);
        awaitCount(1, "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid", id);

        // as if the instance that sent it died after storing the attempt, before marking the fold sent
        count(
                "WITH u AS (UPDATE reaction_folds SET outcome = NULL, claimed_by = gen_random_uuid(), "
                        + "claimed_until = now() - interval '1 second' WHERE webhook_id = ?::uuid RETURNING 1) SELECT count(*) FROM u",
                id);
        awaitCount(1, "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid", id);
        assertThat(receiver.requests()).hasSize(1);
        assertThat(count("SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid", id))
                .isEqualTo(1);
    }
}
