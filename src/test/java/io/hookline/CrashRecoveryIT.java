package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.Producer;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that a 202 is a promise that survives the process: {@code target/hookline.jar} runs as a child process,
 * is killed with SIGKILL (or stopped with SIGTERM) under load, and every accepted event still reaches the receiver —
 * again only where its first delivery was in flight (sent, not yet recorded) at the crash.
 */
@Timeout(300)
class CrashRecoveryIT {

    private TestDatabase db;
    private Vertx vertx;
    private Receiver receiver;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        vertx = Vertx.vertx();
        receiver = Receiver.start(vertx);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        Await.result(vertx.close());
        db.close();
    }

    private static String workspaceWithWebhook(HooklineProcess hookline, String receiverUrl) {
        String ws = "crash-" + Events.uid().substring(0, 8);
        assertThat(Http.json(
                                "PUT",
                                hookline.adminUrl("/v1/workspaces/" + ws),
                                Hookline.ADMIN_TOKEN,
                                new JsonObject().put("name", ws))
                        .status())
                .isEqualTo(201);
        assertThat(Http.json(
                                "POST",
                                hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                                Hookline.ADMIN_TOKEN,
                                new JsonObject().put("url", receiverUrl).put("event_type", "message:new"))
                        .status())
                .isEqualTo(201);
        return ws;
    }

    /** Webhook ids received → how many times. */
    private Map<String, Integer> receivedCounts() {
        Map<String, Integer> counts = new HashMap<>();
        receiver.requests().forEach(r -> counts.merge(r.header("webhook-id"), 1, Integer::sum));
        return counts;
    }

    private void awaitAllReceived(Set<String> accepted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!receivedCounts().keySet().containsAll(accepted) && System.nanoTime() < deadline) {
            Receiver.sleep(200);
        }
        Set<String> missing = new java.util.HashSet<>(accepted);
        missing.removeAll(receivedCounts().keySet());
        assertThat(missing).as("accepted but never delivered").isEmpty();
    }

    private int attemptsAfter(String eventId, long epochMillis) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(*) FILTER (WHERE attempted_at >= to_timestamp(? / 1000.0)), count(*) FROM attempts "
                                + "WHERE event_id = ?")) {
            st.setLong(1, epochMillis);
            st.setString(2, eventId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(2)).as("attempt rows of %s", eventId).isEqualTo(rs.getInt(1));
                return rs.getInt(1);
            }
        }
    }

    @Test
    void everyAcceptedEventIsDeliveredAfterASigkillMidStreamAndARestart() throws Exception {
        HooklineProcess first = HooklineProcess.start("kill9-first", db.url(), Map.of());
        String ws = workspaceWithWebhook(first, receiver.url());
        Set<String> accepted;
        long secondStartedNanos;
        long killedAtMillis;
        try (Producer producer = new Producer(ws, first.ingestUrl("/v1/events"), 4, 4000, 0)) {
            while (producer.accepted().size() < 1500) {
                Receiver.sleep(10);
            }
            first.kill9();
            // the first process is dead from here on: attempts it stored are older, deliveries it made arrived before
            // the second one starts
            killedAtMillis = System.currentTimeMillis();
            secondStartedNanos = System.nanoTime();
            HooklineProcess second = HooklineProcess.start("kill9-second", db.url(), Map.of());
            producer.retarget(second.ingestUrl("/v1/events"));
            producer.awaitDone();
            accepted = producer.accepted();
            try {
                awaitAllReceived(accepted, Duration.ofSeconds(90));
            } finally {
                second.close();
            }
        }

        Map<String, Integer> counts = receivedCounts();
        List<String> duplicated = counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
        System.out.printf(
                "kill -9: accepted %d, delivered %d, duplicated %d%n",
                accepted.size(),
                counts.keySet().stream().filter(accepted::contains).count(),
                duplicated.size());
        assertThat(accepted.size()).isGreaterThan(3000);
        for (String id : duplicated) {
            List<Receiver.Request> copies = receiver.requests(r -> id.equals(r.header("webhook-id")));
            assertThat(copies).hasSize(2);
            assertThat(copies.get(0).receivedNanos())
                    .as("first copy of %s came from the killed process", id)
                    .isLessThan(secondStartedNanos);
            assertThat(attemptsAfter(id, killedAtMillis))
                    .as("only the redelivery of %s was recorded", id)
                    .isEqualTo(1);
        }
    }

    @Test
    void aLiveInstanceTakesOverTheWorkOfAKilledOneWithoutARestart() throws Exception {
        receiver.delay(100);
        HooklineProcess doomed =
                HooklineProcess.start("takeover-doomed", db.url(), Map.of("HOOKLINE_MAX_IN_FLIGHT_PER_WEBHOOK", "4"));
        HooklineProcess survivor = HooklineProcess.start("takeover-survivor", db.url(), Map.of());
        try {
            String ws = workspaceWithWebhook(doomed, receiver.url());
            Set<String> accepted;
            try (Producer producer = new Producer(ws, doomed.ingestUrl("/v1/events"), 4, 600, 0)) {
                producer.awaitDone();
                accepted = producer.accepted();
            }
            assertThat(accepted).hasSize(600);
            assertThat(receiver.requests().size())
                    .as("most are still pending when it dies")
                    .isLessThan(300);
            doomed.kill9();

            awaitAllReceived(accepted, Duration.ofSeconds(90));
            assertThat(survivor.log()).contains("Took over");
        } finally {
            doomed.close();
            survivor.close();
        }
    }

    /**
     * An instance taken for gone while it is alive (its heartbeats failed for longer than the lease: a stall, a pool
     * too busy) loses its entry to the heir's takeover, deleted here as the takeover deletes it. It registers again, so
     * what it accepts afterwards is taken over when it dies; before, it ran on without an entry and that work belonged
     * to nobody (code review).
     */
    @Test
    void anInstanceTakenForGoneWhileAliveRegistersAgainAndItsLaterWorkOutlivesIt() throws Exception {
        receiver.delay(100);
        HooklineProcess doomed =
                HooklineProcess.start("retaken-doomed", db.url(), Map.of("HOOKLINE_MAX_IN_FLIGHT_PER_WEBHOOK", "4"));
        HooklineProcess survivor = HooklineProcess.start("retaken-survivor", db.url(), Map.of());
        try {
            String ws = workspaceWithWebhook(doomed, receiver.url());
            String doomedId;
            int doomedNum;
            try (Connection c = db.connect();
                    ResultSet rs = c.createStatement()
                            .executeQuery("SELECT id::text, num FROM instances ORDER BY num LIMIT 1")) {
                rs.next();
                doomedId = rs.getString(1);
                doomedNum = rs.getInt(2);
                try (PreparedStatement st = c.prepareStatement("DELETE FROM instances WHERE id = ?::uuid")) {
                    st.setString(1, doomedId);
                    assertThat(st.executeUpdate()).isEqualTo(1);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean back = false;
            while (!back && System.nanoTime() < deadline) {
                Receiver.sleep(100);
                try (Connection c = db.connect();
                        PreparedStatement st =
                                c.prepareStatement("SELECT count(*) FROM instances WHERE id = ?::uuid AND num = ?")) {
                    st.setString(1, doomedId);
                    st.setInt(2, doomedNum);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        back = rs.getInt(1) == 1;
                    }
                }
            }
            assertThat(back)
                    .as("the live instance registered again under its own number")
                    .isTrue();
            assertThat(doomed.log()).contains("registered again");

            Set<String> accepted;
            try (Producer producer = new Producer(ws, doomed.ingestUrl("/v1/events"), 4, 600, 0)) {
                producer.awaitDone();
                accepted = producer.accepted();
            }
            assertThat(accepted).hasSize(600);
            assertThat(receiver.requests().size())
                    .as("most are still pending when it dies")
                    .isLessThan(300);
            doomed.kill9();

            awaitAllReceived(accepted, Duration.ofSeconds(90));
            assertThat(survivor.log()).contains("Took over");
        } finally {
            doomed.close();
            survivor.close();
        }
    }

    @Test
    void sigtermUnderLoadExitsZeroAndTheRestIsDeliveredAfterTheNextStart() throws Exception {
        receiver.delay(50);
        HooklineProcess first = HooklineProcess.start("sigterm-first", db.url(), Map.of());
        String ws = workspaceWithWebhook(first, receiver.url());
        Set<String> accepted;
        int exitCode;
        try (Producer producer = new Producer(ws, first.ingestUrl("/v1/events"), 4, 3000, 0)) {
            while (producer.accepted().size() < 1000) {
                Receiver.sleep(10);
            }
            exitCode = first.terminate(20_000);
            producer.close();
            accepted = producer.accepted();
        }
        assertThat(exitCode).isZero();
        assertThat(first.log()).contains("Shutting down").contains("Stopped gracefully");

        try (HooklineProcess second = HooklineProcess.start("sigterm-second", db.url(), Map.of())) {
            awaitAllReceived(accepted, Duration.ofSeconds(90));
        }
    }
}
