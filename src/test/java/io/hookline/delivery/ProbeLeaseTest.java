package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.ProbeLeases;
import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies the probe lease against PostgreSQL, with two {@link Gates} standing for two instances: while a receiver is
 * not known healthy only the lease holder sends, within what the database's count leaves of the run; the lease goes
 * to the other instance once the holder's outcomes are stored, or once a success shows the receiver healthy; a lapsed
 * lease, one from before a re-enable, or one of an instance that stopped is taken over; a disabled webhook's lease is not taken.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeLeaseTest {

    private static final int THRESHOLD = 2;
    private static final int CAP = 5;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HooklineMetrics metrics = HooklineMetrics.standalone();
    private Vertx vertx;
    private MigratedDatabase database;

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        database = MigratedDatabase.create(vertx);
    }

    @AfterAll
    void stop() {
        database.close();
        Await.result(vertx.close());
    }

    /** A running instance's gates: registered in {@code instances}, as a running instance is. */
    private Gates instance(UUID holder) throws Exception {
        sql("INSERT INTO instances (id) VALUES (?) ON CONFLICT DO NOTHING", holder);
        return new Gates(vertx, THRESHOLD, 30_000, metrics, new ProbeLeases(database.pool(), holder), 5000);
    }

    /** Takes every request the gate allows once it allows one; the count taken. */
    private static int sendAllowed(WebhookGate gate) {
        Await.until("the gate lets a request go", WAIT, () -> gate.tryAcquire(CAP));
        int sent = 1;
        while (gate.tryAcquire(CAP)) {
            sent++;
        }
        return sent;
    }

    /** Refused throughout a short window (the lease is polled every 200 ms, so this spans several takes). */
    private static void assertRefusedFor(WebhookGate gate, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            assertThat(gate.tryAcquire(CAP))
                    .as("a request while another instance holds the lease")
                    .isFalse();
            Thread.sleep(20);
        }
    }

    /** One request's outcome, as the lane and the attempt writer report it; a failure is counted in the row. */
    private void answer(WebhookGate gate, UUID webhookId, boolean success) throws Exception {
        gate.outcome(success);
        gate.handedToWriter();
        gate.release();
        sql(
                success
                        ? "UPDATE webhooks SET errors_counter = 0 WHERE id = ?"
                        : "UPDATE webhooks SET errors_counter = errors_counter + 1 WHERE id = ?",
                webhookId);
        gate.stored();
    }

    @Test
    void onlyTheHolderProbesAndTheNextHolderGoesOnFromTheStoredCount() throws Exception {
        UUID id = webhook(true);
        WebhookGate a = instance(UUID.randomUUID()).current(WebhookGateTest.webhook(id, 0));
        assertThat(sendAllowed(a)).as("threshold + 1 from a fresh count").isEqualTo(THRESHOLD + 1);
        WebhookGate b = instance(UUID.randomUUID()).current(WebhookGateTest.webhook(id, 0));
        assertRefusedFor(b, 600);

        answer(a, id, false);
        answer(a, id, false);
        answer(a, id, false);
        // every outcome stored: the run is over for a, whose lanes wait for the verdict, and b may not go on
        assertThat(a.run().exhausted()).isTrue();
        assertRefusedFor(b, 400);
    }

    @Test
    void theLeaseMovesOnOnceTheHoldersOutcomesAreStoredOrTheReceiverAnswered() throws Exception {
        UUID id = webhook(true);
        WebhookGate a = instance(UUID.randomUUID()).current(WebhookGateTest.webhook(id, 0));
        Await.until("a holds the lease", WAIT, () -> a.tryAcquire(CAP));
        WebhookGate b = instance(UUID.randomUUID()).current(WebhookGateTest.webhook(id, 0));
        assertRefusedFor(b, 400);
        answer(a, id, false); // stored, nothing else open or waiting: a gives the lease back

        assertThat(sendAllowed(b))
                .as("what the stored failure leaves of the run")
                .isEqualTo(THRESHOLD);
        assertThat(b.run().failures())
                .as("b's run goes on from the database's count")
                .isEqualTo(1);
        assertThat(holder(id)).isNotNull();

        answer(b, id, true); // healthy: b gives the lease back and sends at full concurrency
        Await.until("the lease is given back", WAIT, () -> holder(id) == null);
        b.release();
        assertThat(sendAllowed(b)).as("a healthy receiver, no lease needed").isEqualTo(CAP);
        assertThat(sendAllowed(a)).as("a probes again, from the reset count").isEqualTo(THRESHOLD + 1);
    }

    @Test
    void aLapsedLeaseOrOneFromBeforeAReEnableOrOfAnInstanceNoLongerRunningIsTakenOverAndADisabledWebhooksIsNot()
            throws Exception {
        UUID lapsed = webhook(true);
        lease(lapsed, running(), "enabled_since", "now() - interval '1 second'");
        assertThat(sendAllowed(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(lapsed, 0))))
                .isEqualTo(THRESHOLD + 1);

        UUID reEnabled = webhook(true);
        lease(reEnabled, running(), "enabled_since - interval '1 minute'", "now() + interval '1 hour'");
        assertThat(sendAllowed(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(reEnabled, 0))))
                .isEqualTo(THRESHOLD + 1);

        UUID held = webhook(true);
        lease(held, running(), "enabled_since", "now() + interval '1 hour'");
        assertRefusedFor(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(held, 0)), 400);

        UUID stopped = webhook(true);
        UUID stoppedInstance = UUID.randomUUID();
        sql("INSERT INTO instances (id, stopped_at) VALUES (?, now())", stoppedInstance);
        lease(stopped, stoppedInstance, "enabled_since", "now() + interval '1 hour'");
        assertThat(sendAllowed(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(stopped, 0))))
                .as("held by an instance that stopped")
                .isEqualTo(THRESHOLD + 1);

        UUID takenOver = webhook(true);
        lease(takenOver, UUID.randomUUID(), "enabled_since", "now() + interval '1 hour'");
        assertThat(sendAllowed(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(takenOver, 0))))
                .as("held by an instance whose work was taken over (its entry is gone)")
                .isEqualTo(THRESHOLD + 1);

        UUID disabled = webhook(false);
        assertRefusedFor(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(disabled, 0)), 400);
        assertThat(holder(disabled)).isNull();
    }

    /**
     * Resetting the failure count of an enabled webhook ({@code PATCH {"enabled": true}}) starts a new gate in the same
     * instance: the old gate giving its lease back after the new one took it must not free the new one's, or another
     * instance would probe beside it.
     */
    @Test
    void anOldGateGivingBackAfterANewGateOfTheSameInstanceTookTheLeaseLeavesTheNewOnesHold() throws Exception {
        UUID id = webhook(true);
        UUID holder = UUID.randomUUID();
        WebhookGate old = instance(holder).current(WebhookGateTest.webhook(id, 0));
        Await.until("the old gate holds the lease", WAIT, () -> old.tryAcquire(CAP));
        sql("UPDATE webhooks SET enabled_since = clock_timestamp() WHERE id = ?", id);
        WebhookGate renewed = instance(holder).current(WebhookGateTest.webhook(id, 0));
        Await.until("the new gate holds the lease", WAIT, () -> renewed.tryAcquire(CAP));

        old.retire();
        Await.until("the old gate's give-back is done", WAIT, () -> !old.probing());

        assertThat(holder(id)).as("the new gate's hold").isEqualTo(holder);
        assertRefusedFor(instance(UUID.randomUUID()).current(WebhookGateTest.webhook(id, 0)), 400);
    }

    /** A lease row for {@code webhookId} held by {@code holder}, with SQL expressions for its period and end. */
    private void lease(UUID webhookId, UUID holder, String period, String until) throws Exception {
        sql(
                "INSERT INTO probe_leases (webhook_id, holder, token, period, until) SELECT id, ?, gen_random_uuid(), "
                        + period + ", " + until + " FROM webhooks WHERE id = ?",
                holder,
                webhookId);
    }

    /** A running instance that is not one of the gates here. */
    private UUID running() throws Exception {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO instances (id) VALUES (?)", id);
        return id;
    }

    private UUID webhook(boolean enabled) throws Exception {
        UUID id = UUID.randomUUID();
        String ws = "probe-" + id.toString().substring(0, 8);
        sql("INSERT INTO workspaces (id, name) VALUES (?, 'probe')", ws);
        sql(
                "INSERT INTO webhooks (id, workspace_id, url, event_type, format, enabled, secret) "
                        + "VALUES (?, ?, 'http://127.0.0.1:9/hook', 'message:new', 'v2', ?, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')",
                id,
                ws,
                enabled);
        return id;
    }

    private UUID holder(UUID webhookId) {
        try (Connection conn = database.db().connect();
                PreparedStatement st = conn.prepareStatement("SELECT holder FROM probe_leases WHERE webhook_id = ?")) {
            st.setObject(1, webhookId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void sql(String statement, Object... args) throws Exception {
        try (Connection conn = database.db().connect();
                PreparedStatement st = conn.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }
}
