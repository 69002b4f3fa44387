package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.testing.Await;
import io.hookline.webhook.SubscriptionFilter;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery deadline covers the whole exchange, the wait for a connection from the pool included: a request that
 * did not get a connection in time fails as a timeout at its deadline (enforced at most one sweep late), and the
 * pool stays usable.
 */
class SenderDeadlineTest {

    private static final int TIMEOUT_MS = 400;

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final HttpClient client = vertx.httpClientBuilder()
            .with(new HttpClientOptions().setKeepAlive(true))
            .with(new PoolOptions().setHttp1MaxSize(1))
            .build();
    private final HeldReceiver receiver = HeldReceiver.start(vertx);
    private final Sender sender = onLoop(
            () -> new Sender(vertx, client, TIMEOUT_MS, Clock.systemUTC(), target -> Future.succeededFuture(null)));
    private final WebhookRef webhook = new WebhookRef(
            UUID.randomUUID(),
            "ws",
            receiver.url(),
            List.of(WebhookEventType.MESSAGE_NEW),
            PayloadFormat.V2,
            true,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            0,
            OffsetDateTime.now(),
            OffsetDateTime.now(),
            SubscriptionFilter.NONE,
            0);

    @AfterEach
    void close() {
        onLoop(() -> {
            sender.close();
            return null;
        });
        receiver.close();
        Await.result(vertx.close());
    }

    @Test
    void aRequestWaitingForAPooledConnectionTimesOutAtItsDeadlineAndThePoolStaysUsable() throws Exception {
        // the pool's one connection is taken by a request the receiver holds; the second waits for it
        Future<AttemptRecord> held = onLoop(() -> send(1));
        Future<AttemptRecord> waiting = onLoop(() -> send(2));

        AttemptRecord first = held.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        AttemptRecord second = waiting.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(first.error()).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
        assertThat(second.error()).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
        assertThat(second.durationMs()).as("failed at its own deadline").isBetween(TIMEOUT_MS, TIMEOUT_MS + 1000);

        receiver.answeringAfter(0);
        AttemptRecord third =
                onLoop(() -> send(3)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(third.success())
                .as("the pool is not left stuck: " + third.error())
                .isTrue();
        assertThat(third.responseBody()).isEqualTo("ok");
    }

    private Future<AttemptRecord> send(long seq) {
        byte[] body = ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
        RenderedPayload payload = new RenderedPayload(
                seq, "evt-" + seq, WebhookEventType.MESSAGE_NEW, PayloadFormat.V2, body, body.length);
        return sender.send(webhook, payload, Trigger.DELIVERY, EventTicket.detached(seq, t -> {}));
    }

    private <T> T onLoop(Supplier<T> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> promise.complete(action.get()));
        return Await.result(promise.future());
    }
}
