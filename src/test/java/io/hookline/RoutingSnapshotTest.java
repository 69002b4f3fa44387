package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An event is routed by its workspace's webhooks as they were when it came, not as they are when fan-out gets to it:
 * a webhook re-enabled or created while the event's commit is still under way (here held up by a lock on the
 * journal) does not receive it. On a fresh instance fan-out can run a few hundred milliseconds after the answer, and
 * an admin's change in between used to reach events from before it.
 */
class RoutingSnapshotTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aWebhookEnabledOrCreatedWhileAnEventIsBeingCommittedDoesNotGetIt() throws Exception {
        String ws = newWorkspace();
        Receiver enabled = receiver();
        Receiver reenabled = receiver();
        Receiver created = receiver();
        hookline.webhook(ws, enabled.url(), "message:new");
        String off = hookline.webhook(ws, reenabled.url(), "message:new").getString("id");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + off;
        assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        CompletableFuture<Http.Response> answer;
        try (Connection lock = db.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE events IN EXCLUSIVE MODE");
            answer = CompletableFuture.supplyAsync(() -> hookline.postEvent(event));
            awaitInsertWaitingOnTheLock();
            assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", true))
                            .status())
                    .isEqualTo(200);
            hookline.webhook(ws, created.url(), "message:new");
            Receiver.sleep(500); // both changes reach this instance's webhook cache meanwhile
            lock.commit();
        }

        assertThat(answer.get().status()).isEqualTo(202);
        enabled.awaitEvent(event.getString("id"), WAIT);
        // negative check, a fixed window on purpose: a delivery to either would arrive within it
        Receiver.sleep(1000);
        assertThat(reenabled.requests()).isEmpty();
        assertThat(created.requests()).isEmpty();

        JsonObject next = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(next).status()).isEqualTo(202);
        reenabled.awaitEvent(next.getString("id"), WAIT);
        created.awaitEvent(next.getString("id"), WAIT);
    }

    @Test
    void aWebhookCreatedWhileTheOnlyEventOfAnEmptyWorkspaceIsBeingCommittedDoesNotGetIt() throws Exception {
        String ws = newWorkspace();
        Receiver created = receiver();
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        CompletableFuture<Http.Response> answer;
        try (Connection lock = db.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE events IN EXCLUSIVE MODE");
            answer = CompletableFuture.supplyAsync(() -> hookline.postEvent(event));
            awaitInsertWaitingOnTheLock();
            hookline.webhook(ws, created.url(), "message:new");
            Receiver.sleep(500);
            lock.commit();
        }

        assertThat(answer.get().status()).isEqualTo(202);
        // fan-out found no webhook, asked PostgreSQL, and judged the one it found by when it was created
        awaitCount(
                1,
                "SELECT count(*) FROM events WHERE id = ? AND " + SKIP_REASON + " = 'no_matching_webhook'",
                event.getString("id"));
        assertThat(created.requests()).isEmpty();
    }

    @Test
    void theOnlyWebhookReenabledWhileAnEventIsBeingCommittedDoesNotGetIt() throws Exception {
        String ws = newWorkspace();
        Receiver reenabled = receiver();
        String off = hookline.webhook(ws, reenabled.url(), "message:new").getString("id");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + off;
        assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        CompletableFuture<Http.Response> answer;
        try (Connection lock = db.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE events IN EXCLUSIVE MODE");
            answer = CompletableFuture.supplyAsync(() -> hookline.postEvent(event));
            awaitInsertWaitingOnTheLock();
            assertThat(hookline.admin("PATCH", path, new JsonObject().put("enabled", true))
                            .status())
                    .isEqualTo(200);
            Receiver.sleep(500);
            lock.commit();
        }

        assertThat(answer.get().status()).isEqualTo(202);
        // fan-out found no webhook that wanted it, asked PostgreSQL, and still judged the one it knew as it was
        awaitCount(
                1,
                "SELECT count(*) FROM events WHERE id = ? AND " + SKIP_REASON + " = 'no_matching_webhook'",
                event.getString("id"));
        assertThat(reenabled.requests()).isEmpty();
    }

    private void awaitInsertWaitingOnTheLock() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String waiting =
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%events%'";
        while (count(waiting) == 0 && System.nanoTime() < deadline) {
            Receiver.sleep(20);
        }
        assertThat(count(waiting)).as("the journal insert waits for the lock").isPositive();
    }
}
