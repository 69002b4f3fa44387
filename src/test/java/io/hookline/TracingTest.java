package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OtlpReceiver;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.hookline.tracing.SpanNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies HOOKLINE_OTLP_ENDPOINT against a real OTLP/HTTP receiver on loopback: an event's ingest request, the
 * journal commit that stored it, its fan-out and each delivery attempt form one trace (continuing the producer's
 * {@code traceparent} when it sent one), and every receiver gets the {@code traceparent} of its attempt, next to the
 * unchanged signed request.
 */
class TracingTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$");
    private OtlpReceiver otlp;

    @Override
    protected JsonObject settings() {
        otlp = OtlpReceiver.start(receiverVertx); // closed with receiverVertx, after Hookline sent its last spans
        return new JsonObject().put("otlp_endpoint", otlp.url() + "/");
    }

    @Test
    void aProducersTraceIsContinuedThroughCommitFanOutAndDeliveryToTheReceiver() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");
        String traceId = hex(32);
        String producerSpan = hex(16);
        JsonObject event = Events.message(ws, Events.uid(), "sent");

        Http.Response accepted = Http.send(
                "POST",
                hookline.ingestUrl("/v1/events"),
                Hookline.INGEST_TOKEN,
                "application/json",
                event.encode().getBytes(StandardCharsets.UTF_8),
                Map.of("traceparent", "00-" + traceId + "-" + producerSpan + "-01", "tracestate", "acme=7"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        Receiver.Request got = receiver.awaitEvent(event.getString("id"), WAIT);

        Matcher header = traceparent(got);
        assertThat(header.group(1)).as("the receiver's trace is the producer's").isEqualTo(traceId);
        assertThat(got.header("tracestate")).isEqualTo("acme=7");
        List<OtlpReceiver.Span> trace = otlp.trace(traceId, 4, WAIT);
        OtlpReceiver.Span request = only(trace, "POST /v1/events");
        OtlpReceiver.Span commit = only(trace, SpanNames.COMMIT);
        OtlpReceiver.Span fanout = only(trace, SpanNames.FANOUT);
        OtlpReceiver.Span attempt = only(trace, SpanNames.ATTEMPT);
        assertThat(request.parentSpanId()).isEqualTo(producerSpan);
        assertThat(request.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(request.attributes())
                .containsEntry("http.response.status_code", 202L)
                .containsEntry("http.route", "/v1/events")
                .containsEntry(SpanNames.EVENT_ID, event.getString("id"))
                .containsEntry(SpanNames.WORKSPACE, ws);
        assertThat(commit.childOf(request))
                .as("the commit of this request alone hangs under it")
                .isTrue();
        assertThat(commit.attributes())
                .containsEntry(SpanNames.COMMIT_EVENTS, 1L)
                .containsEntry("db.system.name", "postgresql");
        assertThat(fanout.childOf(request)).isTrue();
        assertThat(fanout.linksTo(commit))
                .as("fan-out links the commit that stored the event")
                .isTrue();
        assertThat(fanout.attributes())
                .containsEntry(SpanNames.FANOUT_WEBHOOKS, 1L)
                .containsEntry(SpanNames.REDRIVE, false);
        assertThat(attempt.childOf(fanout)).isTrue();
        assertThat(attempt.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(attempt.spanId()).as("the receiver's parent is the attempt").isEqualTo(header.group(2));
        assertThat(attempt.attributes())
                .containsEntry("http.response.status_code", 200L)
                .containsEntry(SpanNames.WEBHOOK, webhook.getString("id"))
                .containsEntry(SpanNames.TRIGGER, "delivery")
                .containsEntry("server.address", "127.0.0.1")
                .containsEntry("server.port", (long) receiver.port());
        assertThat(request.resource()).containsEntry("service.name", "hookline");
        assertThat(otlp.contentTypes()).containsOnly("application/x-protobuf");
        Await.until(
                "the exported spans are counted",
                WAIT,
                () -> hookline.metric("hookline_trace_spans_total{outcome=\"exported\"}") >= 4);
        assertThat(hookline.metric("hookline_trace_spans_total{outcome=\"ended\"}"))
                .isGreaterThanOrEqualTo(hookline.metric("hookline_trace_spans_total{outcome=\"exported\"}"));
        assertThat(hookline.metric("hookline_trace_spans_total{outcome=\"export_failed\"}"))
                .isZero();
        // the signed request is what it always was
        assertThat(new StandardWebhooksVerifier(webhook.getString("secret"))
                        .verify(
                                got.header("webhook-id"),
                                got.header("webhook-timestamp"),
                                got.header("webhook-signature"),
                                got.body()))
                .isTrue();
    }

    @Test
    void aBatchWithoutTraceparentStartsOneTraceThatReachesEveryReceiverAndRecordsFailures() {
        String ws = newWorkspace();
        Receiver ok = receiver();
        Receiver failing = receiver().answer(500);
        hookline.webhook(ws, ok.url(), "message:new");
        hookline.webhook(ws, failing.url(), "message:new");
        JsonArray events = new JsonArray()
                .add(Events.message(ws, Events.uid(), "sent"))
                .add(Events.message(ws, Events.uid(), "received"));

        assertThat(hookline.postBatch(new JsonObject().put("events", events)).status())
                .isEqualTo(202);
        ok.await(2, WAIT);
        failing.await(2, WAIT);

        String traceId = traceparent(ok.requests().get(0)).group(1);
        List<OtlpReceiver.Span> trace = otlp.trace(traceId, 1 + 1 + 2 + 4, WAIT);
        OtlpReceiver.Span request = only(trace, "POST /v1/events/batch");
        assertThat(request.parentSpanId()).as("a new trace").isEmpty();
        assertThat(request.attributes()).containsEntry(SpanNames.BATCH_EVENTS, 2L);
        assertThat(only(trace, SpanNames.COMMIT).childOf(request)).isTrue();
        List<OtlpReceiver.Span> fanouts = named(trace, SpanNames.FANOUT);
        assertThat(fanouts).hasSize(2).allMatch(f -> f.childOf(request));
        List<OtlpReceiver.Span> attempts = named(trace, SpanNames.ATTEMPT);
        assertThat(attempts).hasSize(4).allMatch(a -> fanouts.stream().anyMatch(a::childOf));
        for (Receiver receiver : List.of(ok, failing)) {
            boolean fails = receiver == failing;
            for (Receiver.Request r : receiver.requests()) {
                Matcher header = traceparent(r);
                assertThat(header.group(1)).isEqualTo(traceId);
                OtlpReceiver.Span attempt = attempts.stream()
                        .filter(a -> a.spanId().equals(header.group(2)))
                        .findFirst()
                        .orElseThrow();
                assertThat(attempt.attribute(SpanNames.EVENT_ID)).isEqualTo(r.header("webhook-id"));
                assertThat(attempt.attribute("server.port")).isEqualTo((long) receiver.port());
                assertThat(attempt.attribute("http.response.status_code")).isEqualTo(fails ? 500L : 200L);
                assertThat(attempt.status()).isEqualTo(fails ? "STATUS_CODE_ERROR" : "STATUS_CODE_UNSET");
                if (fails) {
                    assertThat(attempt.attributes()).containsEntry("error.type", "500");
                    assertThat(attempt.statusMessage()).isEqualTo("HTTP 500");
                }
            }
        }
    }

    @Test
    void aSaveAndTestSendStartsATraceOfItsOwn() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");

        Http.Response test =
                hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id") + "/test", null);

        assertThat(test.status()).as(test.body()).isEqualTo(200);
        Matcher header = traceparent(receiver.awaitEvent(event.getString("id"), WAIT));
        OtlpReceiver.Span attempt = only(otlp.trace(header.group(1), 1, WAIT), SpanNames.ATTEMPT);
        assertThat(attempt.parentSpanId()).isEmpty();
        assertThat(attempt.spanId()).isEqualTo(header.group(2));
        assertThat(attempt.attribute(SpanNames.TRIGGER)).isEqualTo("test");
    }

    @Test
    void aProducerThatHangsUpBeforeItsAnswerLeavesASpanThatSaysItWasNeverAnswered() throws Exception {
        String ws = newWorkspace();
        String traceId = hex(32);
        byte[] body = Events.message(ws, Events.uid(), "sent").encode().getBytes(StandardCharsets.UTF_8);
        java.net.URI ingest = java.net.URI.create(hookline.ingestUrl("/v1/events"));
        String head = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Hookline.INGEST_TOKEN
                + "\r\nContent-Type: application/json\r\ntraceparent: 00-" + traceId + "-" + hex(16)
                + "-01\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (java.sql.Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            try (java.sql.Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE"); // the commit, and so the answer, waits
            }
            try (java.net.Socket producer = new java.net.Socket(ingest.getHost(), ingest.getPort())) {
                producer.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                producer.getOutputStream().write(body);
                producer.getOutputStream().flush();
                Receiver.sleep(300); // read and waiting for the commit
            } // the producer gives up
            Receiver.sleep(300);
            locker.commit();
        }

        OtlpReceiver.Span request = only(otlp.trace(traceId, 1, WAIT), "POST /v1/events");
        assertThat(request.attributes())
                .as("no answer went out, so there is no status to report")
                .doesNotContainKey("http.response.status_code")
                .containsEntry("error.type", "connection_closed");
        assertThat(request.statusMessage()).isEqualTo("the connection closed before the answer was sent");
    }

    static Matcher traceparent(Receiver.Request request) {
        String value = request.header("traceparent");
        assertThat(value).as("traceparent header").isNotNull();
        Matcher m = TRACEPARENT.matcher(value);
        assertThat(m.matches()).as(value).isTrue();
        return m;
    }

    static OtlpReceiver.Span only(List<OtlpReceiver.Span> spans, String name) {
        List<OtlpReceiver.Span> named = named(spans, name);
        assertThat(named)
                .as(name + " in " + spans.stream().map(OtlpReceiver.Span::name).toList())
                .hasSize(1);
        return named.get(0);
    }

    static List<OtlpReceiver.Span> named(List<OtlpReceiver.Span> spans, String name) {
        return spans.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static String hex(int digits) {
        return (UUID.randomUUID().toString() + UUID.randomUUID())
                .replace("-", "")
                .substring(0, digits);
    }
}
