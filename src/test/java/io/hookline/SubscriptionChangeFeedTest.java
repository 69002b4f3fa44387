package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that subscription changes (types, filter, reaction window) made through one instance reach another on the
 * same database through the change feed, and that a fold is sent once when reactions arrive through both.
 */
class SubscriptionChangeFeedTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Hookline second;

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

    private void awaitOnSecond(UUID id, Predicate<WebhookRef> state) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            WebhookRef ref = second.app().subscriptions().get(id);
            if (ref != null && state.test(ref)) {
                return;
            }
            Receiver.sleep(5);
        }
        throw new AssertionError("the second instance never saw the change of " + id);
    }

    @Test
    void aFilterChangedThroughOneInstanceIsAppliedByTheOther() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject()
                                        .put(
                                                "event_types",
                                                new JsonArray()
                                                        .add("message:new")
                                                        .add("message:sent:new"))
                                        .put("filter", new JsonObject().put("direction", "sent")))
                        .status())
                .isEqualTo(200);
        awaitOnSecond(UUID.fromString(id), ref -> ref.eventTypes().size() == 2);

        JsonObject received = Events.message(ws, Events.uid(), "received");
        JsonObject sent = Events.message(ws, Events.uid(), "sent");
        assertThat(second.postEvent(received).status()).isEqualTo(202);
        assertThat(second.postEvent(sent).status()).isEqualTo(202);
        assertThat(receiver.awaitEvent(sent.getString("id"), WAIT).json().getString("event_type"))
                .isEqualTo("message:sent:new");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String skip = null;
        while (skip == null && System.nanoTime() < deadline) {
            skip = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + received.getString("id"), null)
                    .json()
                    .getString("skip_reason");
            Receiver.sleep(20);
        }
        assertThat(skip).isEqualTo("filtered_out");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void reactionsIngestedThroughBothInstancesFoldIntoOnePost() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.admin(
                        "POST",
                        "/v1/workspaces/" + ws + "/webhooks",
                        new JsonObject()
                                .put("url", receiver.url())
                                .put("event_type", "message:reaction")
                                .put("reaction_window_ms", 2000))
                .json()
                .getString("id");
        awaitOnSecond(UUID.fromString(id), ref -> ref.reactionWindowMs() == 2000);
        String uid = Events.uid();
        assertThat(hookline.postEvent(Events.message(ws, uid, "received")).status())
                .isEqualTo(202);
        for (int i = 0; i < 6; i++) {
            Hookline through = i % 2 == 0 ? hookline : second;
            assertThat(through.postEvent(Events.reaction(ws, uid, "set", "👍", Events.person("R" + i, "+1" + i)))
                            .status())
                    .isEqualTo(202);
        }
        Receiver.Request post = receiver.await(1, WAIT).get(0);
        assertThat(post.json().getJsonObject("reaction").getInteger("folded")).isEqualTo(6);
        assertThat(post.json()
                        .getJsonObject("reaction")
                        .getJsonObject("reactions")
                        .getString("👍"))
                .isEqualTo("6");
        awaitCount(6, "SELECT count(*) FROM reaction_folds WHERE outcome = 'sent' AND webhook_id = ?::uuid", id);
        assertThat(receiver.requests()).hasSize(1);
    }
}
