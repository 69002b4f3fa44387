package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.notify.DisableNotice;
import io.hookline.notify.FailingNotice;
import io.hookline.payload.RenderedPayload;
import io.hookline.testing.Await;
import io.hookline.testing.Hookline;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies auto-disable where the writer stores attempts in batches: a batch holds outcomes in the order they came,
 * and a run of failures that passes the threshold disables the webhook even when successes of requests already on
 * the wire come after it in the same batch. Runs against PostgreSQL, through the policy the attempt writer calls.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailurePolicyTest {

    private static final int THRESHOLD = 10;
    private static final int WARN_AFTER = 5;
    private TestDatabase db;
    private Hookline hookline;
    private final FailurePolicy policy = new FailurePolicy(THRESHOLD, WARN_AFTER, null, () -> {});

    @BeforeAll
    void start() {
        db = TestDatabase.create();
        hookline = Hookline.start(db.url());
    }

    @AfterAll
    void stop() {
        hookline.close();
        db.close();
    }

    private UUID newWebhook() {
        String ws = hookline.workspace("fp-" + UUID.randomUUID().toString().substring(0, 8));
        return UUID.fromString(
                hookline.webhook(ws, "http://127.0.0.1:9/x", "message:new").getString("id"));
    }

    /** Outcomes in order: 'S' a success, 'F' a failure. */
    private static List<AttemptRecord> outcomes(UUID webhook, String pattern) {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (char c : pattern.toCharArray()) {
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RenderedPayload payload = new RenderedPayload(
                    1, "evt-" + attempts.size(), WebhookEventType.MESSAGE_NEW, PayloadFormat.V2, body, body.length);
            boolean ok = c == 'S';
            attempts.add(new AttemptRecord(
                    webhook,
                    "ws",
                    "http://127.0.0.1:9/x",
                    payload,
                    Instant.now(),
                    5,
                    ok,
                    ok ? 200 : 500,
                    ok ? null : "HTTP 500",
                    "v1,c2ln",
                    "{}",
                    "",
                    Trigger.DELIVERY,
                    null,
                    null));
        }
        return attempts;
    }

    private void store(UUID webhook, String pattern) {
        Await.result(
                hookline.app().pool().withTransaction(conn -> policy.inTransaction(conn, outcomes(webhook, pattern))));
    }

    private JsonObject webhookRow(UUID id) {
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement q = c.prepareStatement(
                        "SELECT enabled, errors_counter, disabled_reason FROM webhooks WHERE id = ?")) {
            q.setObject(1, id);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return new JsonObject()
                        .put("enabled", rs.getBoolean(1))
                        .put("errors_counter", rs.getInt(2))
                        .put("disabled_reason", rs.getString(3));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> notificationKinds(UUID id) {
        List<String> kinds = new ArrayList<>();
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement q =
                        c.prepareStatement("SELECT kind FROM notifications WHERE webhook_id = ? ORDER BY id")) {
            q.setObject(1, id);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    kinds.add(rs.getString(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return kinds;
    }

    /**
     * Counting failures of many webhooks locked their rows in the order its plan read them (the table's, for a hash
     * join), a workspace delete locks them in id order, and the two deadlocked (code review): here a third session holds
     * the table's first row while both wait on it, then lets go. Both finish.
     */
    @Test
    void countingFailuresOfManyWebhooksDoesNotDeadlockWithAWorkspaceDelete() throws Exception {
        String ws;
        List<UUID> physical;
        do { // the table's first row of the workspace must not hold its smallest id, or no order crosses
            ws = hookline.workspace("fp-many-" + UUID.randomUUID().toString().substring(0, 8));
            for (int i = 0; i < 10; i++) {
                hookline.webhook(ws, "http://127.0.0.1:9/" + i, "message:new");
            }
            physical = idsOf(ws, "ORDER BY ctid");
        } while (physical.get(0).equals(idsOf(ws, "ORDER BY id").get(0)));
        List<AttemptRecord> failures = new ArrayList<>();
        physical.forEach(id -> failures.addAll(outcomes(id, "F")));
        String workspace = ws;
        try (java.sql.Connection holder = db.connect();
                java.sql.Connection deleter = db.connect()) {
            holder.setAutoCommit(false);
            try (java.sql.PreparedStatement st =
                    holder.prepareStatement("SELECT 1 FROM webhooks WHERE id = ? FOR UPDATE")) {
                st.setObject(1, physical.get(0));
                st.executeQuery().close();
            }
            io.vertx.core.Future<Runnable> counted = hookline.app()
                    .pool()
                    .withTransaction(
                            conn -> conn.query("SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin" + " = off")
                                    .execute()
                                    .compose(v -> policy.inTransaction(conn, failures)));
            awaitWaiting("%UPDATE webhooks w SET errors_counter%");
            deleter.setAutoCommit(false);
            java.util.concurrent.CompletableFuture<Integer> deleted =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (java.sql.PreparedStatement st = deleter.prepareStatement(
                                "DELETE FROM webhooks w USING (SELECT id FROM webhooks WHERE workspace_id = ? ORDER BY "
                                        + "id FOR UPDATE) l WHERE w.id = l.id")) {
                            st.setString(1, workspace);
                            return st.executeUpdate();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            awaitWaiting("DELETE FROM webhooks w USING%");
            holder.commit();
            Await.result(counted);
            assertThat(deleted.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(10);
            deleter.rollback();
        }
    }

    private List<UUID> idsOf(String ws, String order) {
        List<UUID> ids = new ArrayList<>();
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement q =
                        c.prepareStatement("SELECT id FROM webhooks WHERE workspace_id = ? " + order)) {
            q.setString(1, ws);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private void awaitWaiting(String query) {
        Await.until("a statement waits on a row lock: " + query, java.time.Duration.ofSeconds(20), () -> {
            try (java.sql.Connection c = db.connect();
                    java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE "
                            + "datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?")) {
                q.setString(1, query);
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * The writer locks a batch's webhook rows in the order a workspace delete locks them (PostgreSQL's uuid order), so
     * the two do not deadlock: UUID.compareTo compares signed halves and put ids starting with 8-f first.
     */
    @Test
    void webhooksAreCountedInTheOrderPostgresqlSortsTheirIds() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.add(UUID.fromString("80000000-0000-0000-0000-000000000000"));
        ids.add(UUID.fromString("7fffffff-ffff-ffff-8000-000000000000"));
        ids.add(UUID.fromString("7fffffff-ffff-ffff-7fff-ffffffffffff"));
        List<UUID> sorted = new ArrayList<>();
        try (java.sql.Connection c = db.connect();
                java.sql.PreparedStatement q = c.prepareStatement("SELECT u FROM unnest(?::uuid[]) u ORDER BY u")) {
            q.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (java.sql.ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sorted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<UUID> ours = new ArrayList<>(ids);
        ours.sort(FailurePolicy::storedOrder);
        assertThat(ours).containsExactlyElementsOf(sorted);
    }

    @Test
    void aRunPastTheThresholdDisablesEvenWithSuccessesAfterItInTheSameBatch() {
        UUID id = newWebhook();
        store(id, "S" + "F".repeat(13) + "SS");
        JsonObject row = webhookRow(id);
        assertThat(row.getBoolean("enabled")).isFalse();
        assertThat(row.getString("disabled_reason")).isEqualTo("too_many_failures");
        assertThat(row.getInteger("errors_counter")).isEqualTo(13);
        assertThat(notificationKinds(id)).containsExactly(DisableNotice.KIND);
    }

    @Test
    void aRunThatContinuesTheStoredCountIsCountedToTheFirstSuccess() {
        UUID id = newWebhook();
        store(id, "F".repeat(7));
        assertThat(webhookRow(id).getInteger("errors_counter")).isEqualTo(7);
        store(id, "F".repeat(8) + "SS");
        JsonObject row = webhookRow(id);
        assertThat(row.getBoolean("enabled")).isFalse();
        assertThat(row.getInteger("errors_counter")).isEqualTo(15);
        assertThat(notificationKinds(id)).containsExactly(FailingNotice.KIND, DisableNotice.KIND);
    }

    @Test
    void aBatchThatCrossesBothThresholdsDisablesWithoutAWarningThatComesTooLate() {
        UUID id = newWebhook();
        store(id, "F".repeat(30));
        assertThat(webhookRow(id).getBoolean("enabled")).isFalse();
        assertThat(notificationKinds(id)).containsExactly(DisableNotice.KIND);
    }

    @Test
    void aSuccessStoredAfterTheDisableLeavesTheCountThatDisabledIt() {
        UUID id = newWebhook();
        store(id, "F".repeat(11));
        store(id, "S");
        JsonObject row = webhookRow(id);
        assertThat(row.getBoolean("enabled")).isFalse();
        assertThat(row.getInteger("errors_counter")).isEqualTo(11);
    }

    @Test
    void runsUnderTheThresholdBetweenSuccessesChangeNothing() {
        UUID id = newWebhook();
        store(id, "FFFF" + "S" + "F".repeat(9) + "S" + "FF");
        JsonObject row = webhookRow(id);
        assertThat(row.getBoolean("enabled")).isTrue();
        assertThat(row.getInteger("errors_counter")).isEqualTo(2);
        assertThat(notificationKinds(id)).isEmpty();
    }

    @Test
    void aSuccessResetsACountLeftAboveALoweredThreshold() {
        UUID id = newWebhook();
        FailurePolicy higher = new FailurePolicy(20, 0, null, () -> {});
        Await.result(hookline.app()
                .pool()
                .withTransaction(conn -> higher.inTransaction(conn, outcomes(id, "F".repeat(13)))));
        assertThat(webhookRow(id).getInteger("errors_counter")).isEqualTo(13);
        store(id, "S"); // now with the threshold at 10
        JsonObject row = webhookRow(id);
        assertThat(row.getBoolean("enabled")).isTrue();
        assertThat(row.getInteger("errors_counter")).isZero();
    }
}
