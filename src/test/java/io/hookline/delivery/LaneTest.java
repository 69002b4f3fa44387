package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.progress.EventTicket;
import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.hookline.testing.MutableClock;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One delivery lane driven directly: real Vert.x, real loopback receivers, attempts stored in the test PostgreSQL,
 * a fake clock for the age of queued deliveries.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class LaneTest {

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

    private LaneRig rig(HeldReceiver receiver, int capacity, int maxInFlight) throws Exception {
        return new LaneRig(vertx, database.db(), database.pool(), clock, receiver.url(), capacity, maxInFlight);
    }

    /** Lets the receiver answer until the lane has nothing queued or on the wire. */
    private static void drain(LaneRig rig, HeldReceiver receiver) {
        Await.until("the lane drained", WAIT, () -> {
            receiver.releaseAll();
            return rig.onLoop(() -> rig.lane().idle());
        });
    }

    @Test
    void concurrencyNeverExceedsMaxInFlight(VertxTestContext test) throws Exception {
        Checkpoint received = test.checkpoint(20);
        try (HeldReceiver receiver = HeldReceiver.start(vertx).answeringAfter(20);
                LaneRig rig = rig(receiver, 50, 3)) {
            receiver.onRequest(() -> {
                test.verify(() -> assertThat(receiver.holding())
                        .as("requests on the wire")
                        .isLessThanOrEqualTo(3));
                received.flag();
            });

            rig.offer(20);

            assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();
            assertThat(receiver.highestConcurrency())
                    .as("the limit is used, not just respected")
                    .isEqualTo(3);
            drain(rig, receiver);
        }
    }

    @Test
    void aFullLaneDefersWhatDoesNotFit() throws Exception {
        try (HeldReceiver receiver = HeldReceiver.start(vertx);
                LaneRig rig = rig(receiver, 2, 1)) {
            List<EventTicket> tickets = rig.offer(5);

            // one on the wire, two queued (the capacity), the rest left in PostgreSQL for the re-drive
            assertThat(rig.onLoop(
                            () -> tickets.stream().map(EventTicket::deferred).toList()))
                    .containsExactly(false, false, false, true, true);
            assertThat(rig.lane().room()).isZero();
            assertThat(rig.deliveries("deferred")).isEqualTo(2);

            drain(rig, receiver);
            assertThat(receiver.received()).as("requests sent").isEqualTo(3);
        }
    }

    @Test
    void aStoredUrlThatCannotBeParsedFailsEachDeliveryAndBlocksNothing() throws Exception {
        try (LaneRig rig =
                new LaneRig(vertx, database.db(), database.pool(), clock, "http://exa mple.test/hook", 10, 2)) {
            rig.offer(3);

            Await.until("every delivery attempted", WAIT, () -> rig.deliveries("failure") == 3);
            assertThat(rig.onLoop(() -> rig.lane().idle())).isTrue();
        }
    }

    @Test
    void aDisabledWebhooksQueueIsDropped() throws Exception {
        try (HeldReceiver receiver = HeldReceiver.start(vertx);
                LaneRig rig = rig(receiver, 10, 1)) {
            List<EventTicket> tickets = rig.offer(3);
            Await.until("the first request arrived", WAIT, () -> receiver.received() == 1);

            rig.disableWebhook();
            drain(rig, receiver);

            assertThat(receiver.received()).as("requests sent").isEqualTo(1);
            assertThat(rig.deliveries("dropped")).isEqualTo(2);
            assertThat(rig.onLoop(() -> tickets.stream()
                            .map(t -> t.finished() && !t.attempted() && !t.deferred())
                            .toList()))
                    .as("dropped, not deferred")
                    .containsExactly(false, true, true);
        }
    }

    @Test
    void aDeliveryDroppedForADisabledWebhookIsNoLongerOwedByItsEventsPendingRow() throws Exception {
        UUID other = UUID.randomUUID();
        try (HeldReceiver receiver = HeldReceiver.start(vertx);
                LaneRig rig = rig(receiver, 10, 1)) {
            List<EventTicket> tickets = rig.offer(3);
            rig.onLoop(() -> {
                tickets.forEach(t -> t.owe(new UUID[] {rig.webhookId, other}));
                tickets.forEach(t -> t.addDeliveries(1)); // each also waits for the other webhook
                return null;
            });
            Await.until("the first request arrived", WAIT, () -> receiver.received() == 1);
            EventTicket parked = tickets.get(2);
            rig.park(parked);
            assertThat(owed(parked.seq())).containsExactly(rig.webhookId.toString(), other.toString());

            rig.disableWebhook();
            drain(rig, receiver);

            Await.until(
                    "the pending row no longer names the webhook",
                    WAIT,
                    () -> owed(parked.seq()).equals(List.of(other.toString())));
            assertThat(rig.onLoop(() -> List.of(tickets.get(1).owed()))).containsExactly(other);
        } finally {
            try (java.sql.Connection conn = database.db().connect()) {
                conn.createStatement().executeUpdate("DELETE FROM pending_events");
            }
        }
    }

    private List<String> owed(long seq) {
        List<String> ids = new java.util.ArrayList<>();
        try (java.sql.Connection conn = database.db().connect();
                java.sql.ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT unnest(owed)::text FROM pending_events WHERE seq = " + seq)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    @Test
    void aLaneCountsTowardItsSlotLoadWhileFlowingAndNotOnceItsOldestDeliveryIsStale() throws Exception {
        try (HeldReceiver receiver = HeldReceiver.start(vertx);
                LaneRig rig = rig(receiver, 10, 1)) {
            rig.offer(4);
            assertThat(queued(rig)).as("one on the wire, three queued").isEqualTo(3);
            assertThat(rig.load.backedUp())
                    .as("above the high water of " + LaneRig.HIGH_WATER)
                    .isTrue();

            clock.advance(Duration.ofMillis(SlotLoad.STALE_MS));
            assertThat(queuedAfterWake(rig))
                    .as("exactly %d ms old: still flowing", SlotLoad.STALE_MS)
                    .isEqualTo(3);

            clock.advance(Duration.ofMillis(1));
            assertThat(queuedAfterWake(rig))
                    .as("older: receiver-bound, not counted")
                    .isZero();
            assertThat(rig.load.backedUp()).isFalse();

            drain(rig, receiver);
            assertThat(queued(rig)).isZero();
            rig.offer(3);
            assertThat(queued(rig)).as("fresh deliveries count again").isEqualTo(2);
            drain(rig, receiver);
            assertThat(receiver.received()).isEqualTo(7);
        }
    }

    private static int queued(LaneRig rig) {
        return rig.onLoop(rig.load::queued);
    }

    /** The lane re-examines its queue when woken; the read is queued behind that wake on the same loop. */
    private static int queuedAfterWake(LaneRig rig) {
        rig.onLoop(() -> {
            rig.lane().wake();
            return null;
        });
        return queued(rig);
    }
}
