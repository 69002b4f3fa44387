package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies that webhooks sharing one receiver host (any workspaces) take turns for its connections without the wait
 * counting against the delivery timeout: a receiver that answers within the timeout is never recorded as a timeout,
 * however many requests queue for it, the host never sees more than {@code max_connections_per_host} requests at
 * once, and a fast webhook keeps its pace next to a slow one. Before, the wait for a pooled connection ran inside each request's deadline.
 */
class SharedHostTest extends IntegrationTest {

    private static final int TIMEOUT_MS = 1000;
    private static final int PER_HOST = 2;

    @Override
    protected JsonObject settings() {
        return new JsonObject()
                .put("delivery_timeout_ms", TIMEOUT_MS)
                .put("max_connections_per_host", PER_HOST)
                .put("max_in_flight_per_webhook", 16)
                // one loop: the limit is per loop, and the receiver's count of open requests is then the limit's
                .put("event_loops", 1);
    }

    @Test
    void webhooksOfTwoWorkspacesOnOneSlowHostAreAllDeliveredWithinTheHostsLimit() {
        Receiver host = receiver().delay(400);
        String first = newWorkspace();
        String second = newWorkspace();
        String a1 = hookline.webhook(first, host.url("/a1"), "message:new").getString("id");
        String a2 = hookline.webhook(first, host.url("/a2"), "message:new").getString("id");
        String b1 = hookline.webhook(second, host.url("/b1"), "message:new").getString("id");

        post(first, 12);
        post(second, 12);

        // 36 requests of 400 ms through 2 connections: about 7 s; before, all but the first few waited longer than
        // the timeout for a connection and were recorded as "timeout after 1000 ms"
        assertThat(host.await(36, Duration.ofSeconds(30))).hasSize(36);
        String ofTheseWebhooks = " FROM attempts WHERE webhook_id IN (?::uuid, ?::uuid, ?::uuid)";
        awaitCount(36, "SELECT count(*)" + ofTheseWebhooks, a1, a2, b1);
        List<Map<String, Object>> failed =
                rows("SELECT error, duration_ms" + ofTheseWebhooks + " AND NOT success", a1, a2, b1);
        assertThat(failed).as("failed attempts").isEmpty();
        assertThat(count("SELECT max(duration_ms)" + ofTheseWebhooks, a1, a2, b1))
                .as("longest attempt, ms: the receiver's 400 ms, not the wait for a connection")
                .isLessThan(TIMEOUT_MS);
        assertThat(host.mostOpen()).as("requests the host held at once").isEqualTo(PER_HOST);
        for (String id : List.of(a1, a2, b1)) {
            assertThat(count("SELECT errors_counter FROM webhooks WHERE id = ?::uuid", id))
                    .as("errors_counter")
                    .isZero();
        }
    }

    @Test
    void aFastWebhookIsNotHeldToThePaceOfASlowOneOnTheSameHost() {
        Receiver host = receiver().delay("/slow", 900);
        String slowWorkspace = newWorkspace();
        String fastWorkspace = newWorkspace();
        hookline.webhook(slowWorkspace, host.url("/slow"), "message:new");
        hookline.webhook(fastWorkspace, host.url("/fast"), "message:new");

        post(slowWorkspace, 10);
        Receiver.sleep(300); // the slow webhook holds both connections of the host now
        post(fastWorkspace, 20);

        // once the slow webhook returns a connection, the fast one keeps it: it has fewer requests in flight at each
        // turn, and its answers come at once. Taking turns one request each instead, it got one connection per slow
        // answer and finished with the slow backlog, 10 x 900 ms later.
        List<Receiver.Request> fast = host.await(20, r -> r.path().equals("/fast"), Duration.ofSeconds(30));
        assertThat(fast).hasSize(20);
        assertThat(host.requests(r -> r.path().equals("/slow")).size())
                .as("slow requests received when the last fast one arrived (of 10)")
                .isLessThan(6);
        assertThat(host.await(10, r -> r.path().equals("/slow"), Duration.ofSeconds(30)))
                .hasSize(10);
        assertThat(host.mostOpen()).as("requests the host held at once").isLessThanOrEqualTo(PER_HOST);
    }

    private void post(String workspace, int events) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < events; i++) {
            batch.add(Events.message(workspace, Events.uid(), "sent"));
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);
    }
}
