package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies that with HOOKLINE_OTLP_ENDPOINT unset (the default) receivers get no trace headers, whatever came in. */
class TracingOffTest extends IntegrationTest {

    @Test
    void withTracingOffNoTraceparentIsSentEvenWhenTheProducerSentOne() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        Http.Response accepted = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events"),
                Hookline.INGEST_TOKEN,
                "application/json",
                event.encode().getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "traceparent",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "tracestate",
                        "vendor=x"));
        assertThat(accepted.status()).isEqualTo(202);
        Receiver.Request got = receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20));

        assertThat(got.headers()).doesNotContainKeys("traceparent", "tracestate");
        assertThat(got.headers().keySet())
                .containsExactlyInAnyOrder(
                        "host",
                        "content-length",
                        "content-type",
                        "user-agent",
                        "webhook-id",
                        "webhook-timestamp",
                        "webhook-signature");
    }
}
