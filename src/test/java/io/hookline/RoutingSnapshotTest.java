package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
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
    void aWebhookCreatedAfterTheEventWhileFanOutAsksPostgresDoesNotGetIt() throws Exception {
        String ws = newWorkspace();
        Receiver created = receiver();
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        try (Connection lock = db.connect()) {
            lock.setAutoCommit(false);
            // fan-out finds no webhook for the event and asks PostgreSQL; the question waits for this lock
            lock.createStatement().execute("LOCK TABLE webhooks IN ACCESS EXCLUSIVE MODE");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            awaitWaitingOnALock("webhooks");
            // created after the event was committed (its clock time is this transaction's start, before the event)
            try (PreparedStatement st = lock.prepareStatement("INSERT INTO webhooks (id, workspace_id, url, "
                    + "event_type, format, enabled, secret, created_seq) VALUES (?, ?, ?, 'message:new', 'v2', true, "
                    + "'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', nextval(pg_get_serial_sequence('events', 'seq')))")) {
                st.setObject(1, UUID.randomUUID());
                st.setString(2, ws);
                st.setString(3, created.url());
                st.executeUpdate();
            }
            lock.commit();
        }

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
        awaitWaitingOnALock("events");
    }

    private void awaitWaitingOnALock(String table) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%"
                + table + "%' AND pid <> pg_backend_pid()";
        while (count(waiting) == 0 && System.nanoTime() < deadline) {
            Receiver.sleep(20);
        }
        assertThat(count(waiting))
                .as("a statement on " + table + " waits for the lock")
                .isPositive();
    }
}
