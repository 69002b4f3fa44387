package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OtlpReceiver;
import io.hookline.testing.Receiver;
import io.hookline.tracing.SpanNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Verifies the trace of an event delivered after it waited in PostgreSQL (here: its webhook's queue was full): its
 * request is long gone, so the re-drive starts a new trace, whose fan-out is the root and whose attempt the receiver
 * gets the {@code traceparent} of.
 */
class TracingRedriveTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int EVENTS = 8;
    private OtlpReceiver otlp;

    @Override
    protected JsonObject settings() {
        otlp = OtlpReceiver.start(receiverVertx);
        // one delivery in flight and one queued per webhook and event loop: the rest of a batch waits in PostgreSQL
        return new JsonObject()
                .put("otlp_endpoint", otlp.url())
                .put("queue_capacity_per_webhook", 2)
                .put("max_in_flight_per_webhook", 1);
    }

    @Test
    void anEventBroughtBackFromPostgresIsDeliveredInANewTrace() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(50);
        hookline.webhook(ws, receiver.url(), "message:new");
        JsonArray events = new JsonArray();
        for (int i = 0; i < EVENTS; i++) {
            events.add(Events.message(ws, Events.uid(), "sent"));
        }

        assertThat(hookline.postBatch(new JsonObject().put("events", events)).status())
                .isEqualTo(202);
        List<Receiver.Request> got = receiver.await(EVENTS, WAIT);

        OtlpReceiver.Span request = otlp.await(1, s -> s.name().equals("POST /v1/events/batch"), WAIT)
                .get(0);
        int fromRequest = 0;
        for (Receiver.Request r : got) {
            Matcher header = TracingTest.traceparent(r);
            OtlpReceiver.Span attempt =
                    otlp.await(1, s -> s.spanId().equals(header.group(2)), WAIT).get(0);
            assertThat(attempt.name()).isEqualTo(SpanNames.ATTEMPT);
            assertThat(attempt.traceId()).isEqualTo(header.group(1));
            OtlpReceiver.Span fanout = otlp.await(1, s -> s.spanId().equals(attempt.parentSpanId()), WAIT)
                    .get(0);
            assertThat(fanout.name()).isEqualTo(SpanNames.FANOUT);
            assertThat(attempt.childOf(fanout)).isTrue();
            assertThat(fanout.attribute(SpanNames.EVENT_ID)).isEqualTo(r.header("webhook-id"));
            if (header.group(1).equals(request.traceId())) {
                fromRequest++;
                assertThat(fanout.childOf(request)).isTrue();
                assertThat(fanout.attribute(SpanNames.REDRIVE)).isEqualTo(false);
            } else {
                assertThat(fanout.attribute(SpanNames.REDRIVE)).isEqualTo(true);
                assertThat(fanout.parentSpanId()).as("a new trace").isEmpty();
                assertThat(fanout.links()).isEmpty();
            }
        }
        assertThat(fromRequest).as("sent straight from the request's fan-out").isBetween(1, EVENTS - 1);
        // a re-drive pass that finds no room leaves the event pending and records nothing: one span per delivery made
        assertThat(otlp.spans())
                .filteredOn(s -> s.name().equals(SpanNames.FANOUT)
                        && ws.equals(s.attribute(SpanNames.WORKSPACE))
                        && Boolean.TRUE.equals(s.attribute(SpanNames.REDRIVE)))
                .hasSize(EVENTS - fromRequest);
    }
}
