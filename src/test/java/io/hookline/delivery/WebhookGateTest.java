package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.store.ProbeLeases;
import io.hookline.testing.MigratedDatabase;
import io.hookline.webhook.SubscriptionFilter;
import io.hookline.webhook.WebhookRef;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-webhook breaker as Vert.x means it: closed, open after threshold + 1 failures in a row, half-open once the
 * reset timeout passed (the breaker's own Vert.x timer, real time: the fake clock does not drive it), one probe at
 * a time there, closed again by a success. The metrics follow it.
 */
@ExtendWith(VertxExtension.class)
class WebhookGateTest {

    private static final int THRESHOLD = 2;
    private static final long RESET_MS = 200;

    private final HooklineMetrics metrics = HooklineMetrics.standalone();
    private MigratedDatabase database;

    @BeforeEach
    void database(Vertx vertx) {
        database = MigratedDatabase.create(vertx);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private Gates gates(Vertx vertx) {
        return new Gates(
                vertx, THRESHOLD, RESET_MS, metrics, new ProbeLeases(database.pool(), UUID.randomUUID()), 5000);
    }

    static WebhookRef webhook(UUID id, int errorsCounter) {
        return new WebhookRef(
                id,
                "ws",
                "http://127.0.0.1:9/hook",
                List.of(WebhookEventType.MESSAGE_NEW),
                PayloadFormat.V2,
                true,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                errorsCounter,
                OffsetDateTime.now(),
                OffsetDateTime.now(),
                SubscriptionFilter.NONE,
                0);
    }

    private double breakers(String state) {
        return metrics.registry()
                .find("hookline.circuit.breakers")
                .tag("state", state)
                .gauge()
                .value();
    }

    private static Future<Void> fail(WebhookGate gate) {
        return gate.breaker()
                .<Void>execute(() -> Future.failedFuture("HTTP 500"))
                .otherwiseEmpty();
    }

    @Test
    void opensAfterTheRunHalfOpensAfterTheResetTimeoutAndASuccessClosesIt(Vertx vertx, VertxTestContext test) {
        WebhookGate gate = gates(vertx).current(webhook(UUID.randomUUID(), 0));
        gate.outcome(true); // a receiver that has answered before: the breaker alone decides here
        Checkpoint halfOpen = test.checkpoint();
        Checkpoint closed = test.checkpoint();

        fail(gate)
                .compose(v -> fail(gate))
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertThat(gate.breaker().state())
                            .as("after threshold failures")
                            .isEqualTo(CircuitBreakerState.CLOSED);
                })))
                .compose(v -> fail(gate))
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    assertThat(gate.breaker().state()).as("after threshold + 1").isEqualTo(CircuitBreakerState.OPEN);
                    assertThat(breakers("open")).isEqualTo(1);
                })))
                .compose(v -> gate.breaker().<Void>execute(() -> Future.succeededFuture()))
                .onComplete(test.failing(err -> test.verify(() -> {
                    assertThat(err).as("refused while open, nothing run").isInstanceOf(OpenCircuitException.class);
                    vertx.setPeriodic(10, id -> {
                        if (gate.breaker().state() == CircuitBreakerState.HALF_OPEN) {
                            vertx.cancelTimer(id);
                            probe(gate, test, halfOpen, closed);
                        }
                    });
                })));
    }

    /** Half-open: one request may go out, and its success closes the breaker. */
    private void probe(WebhookGate gate, VertxTestContext test, Checkpoint halfOpen, Checkpoint closed) {
        test.verify(() -> {
            assertThat(gate.tryAcquire(5)).as("the probe").isTrue();
            assertThat(gate.tryAcquire(5))
                    .as("a second request while half-open")
                    .isFalse();
            assertThat(breakers("open")).as("half-open counts as open").isEqualTo(1);
        });
        halfOpen.flag();
        gate.breaker()
                .<Void>execute(() -> Future.succeededFuture())
                .onComplete(test.succeeding(v -> test.verify(() -> {
                    gate.release();
                    gate.run().success();
                    assertThat(gate.breaker().state()).isEqualTo(CircuitBreakerState.CLOSED);
                    assertThat(breakers("open")).isZero();
                    assertThat(breakers("closed")).isEqualTo(1);
                    assertThat(gate.tryAcquire(5)).isTrue();
                    assertThat(gate.tryAcquire(5))
                            .as("healthy again: more than one at a time")
                            .isTrue();
                    closed.flag();
                })));
    }

    @Test
    void aNewEnabledPeriodGetsANewClosedGateAndTheOldOneIsRetired(Vertx vertx) {
        Gates gates = gates(vertx);
        UUID id = UUID.randomUUID();
        WebhookRef before = webhook(id, 2);
        WebhookGate first = gates.current(before);
        assertThat(gates.current(before)).as("same period, same gate").isSameAs(first);
        assertThat(first.run().failures()).as("the database's count").isEqualTo(2);

        WebhookRef reEnabled = new WebhookRef(
                id,
                "ws",
                before.url(),
                before.eventTypes(),
                before.format(),
                true,
                before.secret(),
                0,
                before.createdAt(),
                before.enabledSince().plusSeconds(1),
                before.filter(),
                0);
        WebhookGate second = gates.current(reEnabled);

        assertThat(second).isNotSameAs(first);
        assertThat(first.retired()).isTrue();
        assertThat(second.retired()).isFalse();
        assertThat(second.run().failures()).isZero();
        assertThat(second.breaker().state()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(breakers("closed")).as("the retired one no longer counts").isEqualTo(1);
    }
}
