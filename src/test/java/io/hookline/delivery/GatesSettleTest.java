package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.config.HooklineConfig;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.ProbeLeases;
import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a change to the webhook cache does to the gates at once: a gate of an older enabled period is taken out (a
 * lane still holding the older record makes a fresh gate and sends, instead of dropping what the webhook still
 * wants), a disabled webhook's gate stays retired in place (such a lane drops its queue rather than starting the
 * webhook again), and a deleted webhook's gate goes. The breaker gauge follows.
 */
class GatesSettleTest {

    private final Vertx vertx = Vertx.vertx();
    private final HooklineMetrics metrics = HooklineMetrics.standalone();
    private MigratedDatabase database;
    private Subscriptions subscriptions;
    private Gates gates;
    private final UUID id = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        database = MigratedDatabase.create(vertx);
        sql("INSERT INTO workspaces (id, name) VALUES ('ws', 'Workspace')");
        sql("INSERT INTO webhooks (id, workspace_id, url, event_type, format, enabled, secret) VALUES ($1, 'ws',"
                + " 'http://127.0.0.1:9/hook', 'message:new', 'v2', true, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')");
        subscriptions = new Subscriptions(database.pool());
        Await.result(subscriptions.reloadAll());
        gates = Gates.of(
                vertx, delivery(), metrics, new ProbeLeases(database.pool(), UUID.randomUUID()), subscriptions);
    }

    @AfterEach
    void tearDown() {
        database.close();
        Await.result(vertx.close());
    }

    @Test
    void aNewEnabledPeriodTakesTheOldGateOutSoALaneWithTheOlderRecordStillSends() {
        WebhookRef older = subscriptions.get(id);
        WebhookGate first = gates.current(older);

        sql("UPDATE webhooks SET enabled_since = enabled_since + interval '1 second' WHERE id = $1"); // count reset
        Await.result(subscriptions.reloadWorkspace("ws"));

        assertThat(first.retired()).isTrue();
        WebhookGate seenByALateLane = gates.current(older);
        assertThat(seenByALateLane).isNotSameAs(first);
        assertThat(seenByALateLane.retired())
                .as("a lane that read the webhook just before the reload must not take it for disabled")
                .isFalse();
        assertThat(gates.current(subscriptions.get(id)).retired()).isFalse();
    }

    @Test
    void aDisabledWebhooksGateStaysRetiredSoALaneWithTheEnabledRecordDrops() {
        WebhookRef enabled = subscriptions.get(id);
        WebhookGate gate = gates.current(enabled);
        assertThat(breakers()).isEqualTo(1);

        sql("UPDATE webhooks SET enabled = false WHERE id = $1");
        Await.result(subscriptions.reloadWorkspace("ws"));

        assertThat(gate.retired()).isTrue();
        assertThat(gates.current(enabled)).isSameAs(gate);
        assertThat(breakers()).isZero();
    }

    @Test
    void aDeletedWebhooksGateGoesAndStopsCounting() {
        gates.current(subscriptions.get(id));
        assertThat(breakers()).isEqualTo(1);

        sql("DELETE FROM webhooks WHERE id = $1");
        Await.result(subscriptions.reloadWorkspace("ws"));

        assertThat(breakers()).isZero();
    }

    private double breakers() {
        return metrics.registry()
                        .find("hookline.circuit.breakers")
                        .tag("state", "closed")
                        .gauge()
                        .value()
                + metrics.registry()
                        .find("hookline.circuit.breakers")
                        .tag("state", "open")
                        .gauge()
                        .value();
    }

    private void sql(String statement) {
        Await.result(database.pool()
                .preparedQuery(statement)
                .execute(statement.contains("$1") ? Tuple.of(id) : Tuple.tuple()));
    }

    private static HooklineConfig.Delivery delivery() {
        return io.hookline.config.ConfigLoader.resolve(new io.vertx.core.json.JsonObject(), java.util.Map.of())
                .delivery();
    }
}
