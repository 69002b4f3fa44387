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
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that a recovery is a durable job: {@code target/hookline.jar} runs as a child process and is
 * killed with SIGKILL in the middle of a recovery; after a restart the job finishes where it stopped, in order, with
 * no duplicate beyond the one request that was in flight at the kill.
 */
@Timeout(300)
class RecoveryCrashIT {

    private static final int EVENTS = 80;

    private TestDatabase db;
    private Vertx vertx;
    private Receiver receiver;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        vertx = Vertx.vertx();
        receiver = Receiver.start(vertx).delay(40);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        Await.result(vertx.close());
        db.close();
    }

    private static Http.Response admin(HooklineProcess hookline, String method, String path, Object body) {
        return Http.json(method, hookline.adminUrl(path), Hookline.ADMIN_TOKEN, body);
    }

    @Test
    void aRecoveryKilledMidwayFinishesAfterARestartWithoutDuplicatesBeyondTheOneInFlight() throws Exception {
        HooklineProcess first = HooklineProcess.start("recover-first", db.url(), Map.of());
        String ws = "recover-" + Events.uid().substring(0, 8);
        assertThat(admin(first, "PUT", "/v1/workspaces/" + ws, new JsonObject().put("name", ws))
                        .status())
                .isEqualTo(201);
        String since = Instant.now().minusSeconds(5).toString();
        String hook = "/v1/workspaces/" + ws + "/webhooks/"
                + admin(
                                first,
                                "POST",
                                "/v1/workspaces/" + ws + "/webhooks",
                                new JsonObject()
                                        .put("url", receiver.url())
                                        .put("event_type", "message:new")
                                        .put("enabled", false))
                        .json()
                        .getString("id");
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(Http.json("POST", first.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                            .status())
                    .isEqualTo(202);
            missed.add(event.getString("id"));
        }
        assertThat(admin(first, "PATCH", hook, new JsonObject().put("enabled", true))
                        .status())
                .isEqualTo(200);
        Http.Response started = admin(first, "POST", hook + "/recover", new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().getInteger("total")).isEqualTo(EVENTS);
        String job = hook + "/recoveries/" + started.json().getString("id");

        receiver.await(EVENTS / 3, java.time.Duration.ofSeconds(60));
        first.kill9();
        long killedNanos = System.nanoTime();
        int beforeRestart = receiver.requests().size();
        assertThat(beforeRestart).as("killed mid-way").isLessThan(EVENTS);
        JsonObject done;
        try (HooklineProcess second = HooklineProcess.start("recover-second", db.url(), Map.of())) {
            long deadline = System.nanoTime() + 90_000_000_000L;
            done = admin(second, "GET", job, null).json();
            while ("running".equals(done.getString("status")) && System.nanoTime() < deadline) {
                Receiver.sleep(100);
                done = admin(second, "GET", job, null).json();
            }
        }

        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInteger("sent")).isEqualTo(EVENTS);
        assertThat(done.getInteger("succeeded")).isEqualTo(EVENTS);
        List<Receiver.Request> got = receiver.requests();
        Map<String, Integer> counts = new HashMap<>();
        got.forEach(r -> counts.merge(r.header("webhook-id"), 1, Integer::sum));
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(missed);
        List<String> duplicated = counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        System.out.printf(
                "recovery kill -9: %d received before the restart, %d duplicated%n", beforeRestart, duplicated.size());
        assertThat(duplicated)
                .as("at most the one request in flight at the kill")
                .hasSizeLessThanOrEqualTo(1);
        for (String id : duplicated) {
            List<Receiver.Request> copies =
                    got.stream().filter(r -> id.equals(r.header("webhook-id"))).toList();
            assertThat(copies).hasSize(2);
            assertThat(copies.get(0).receivedNanos())
                    .as("the first copy came from the killed process")
                    .isLessThan(killedNanos);
        }
        List<String> order = new ArrayList<>();
        got.forEach(r -> {
            String id = r.header("webhook-id");
            if (!order.contains(id)) {
                order.add(id);
            }
        });
        assertThat(order).as("oldest first").containsExactlyElementsOf(missed);
    }
}
