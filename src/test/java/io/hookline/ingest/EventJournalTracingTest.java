package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.AcceptedEvent;
import io.hookline.ingest.EventJournal.Outcome;
import io.hookline.ingest.EventJournal.Status;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.MigratedDatabase;
import io.hookline.testing.MutableClock;
import io.hookline.testing.OtlpReceiver;
import io.hookline.tracing.SpanNames;
import io.hookline.tracing.TestTraces;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One group-commit write stores the events of several requests, so its span can be the child of only one of them:
 * verifies, against a real OTLP receiver, that it hangs under the first request and links every other one once, and
 * that each committed event carries its own request (for its fan-out) and that commit (as a link).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class EventJournalTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Vertx vertx;
    private MigratedDatabase database;
    private OtlpReceiver otlp;

    @BeforeAll
    void start() {
        vertx = Vertx.vertx();
        database = MigratedDatabase.create(vertx);
        otlp = OtlpReceiver.start(vertx);
    }

    @AfterAll
    void stop() {
        database.close();
        Await.result(vertx.close());
    }

    @Test
    void aCommitOfSeveralRequestsIsTheChildOfTheFirstAndLinksTheOthers() {
        Tracing tracing = Tracing.of(otlp.url(), "test", "journal-test");
        JournalRig rig = new JournalRig(vertx, database.pool(), new MutableClock(Instant.now()), 100, tracing);
        String ws = "traced-" + Events.uid().substring(0, 8);
        TraceParent first = TestTraces.parent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        TraceParent second = TestTraces.parent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
        List<JsonObject> events = List.of(
                Events.message(ws, Events.uid(), "sent"),
                Events.message(ws, Events.uid(), "sent"),
                Events.message(ws, Events.uid(), "received"));

        // the first and third event come in one (batch) request, the second in another; all three in one write
        List<Future<Outcome>> answers = rig.appendTraced(events, List.of(first, second, first));
        assertThat(answers.stream().map(Await::result))
                .extracting(Outcome::status)
                .containsOnly(Status.ACCEPTED);
        Await.until("the journal is idle", WAIT, rig::idle);
        tracing.close();

        assertThat(rig.writes()).as("writes").isEqualTo(1);
        OtlpReceiver.Span commit =
                otlp.await(1, s -> s.name().equals(SpanNames.COMMIT), WAIT).get(0);
        assertThat(commit.traceId()).isEqualTo(first.traceId());
        assertThat(commit.parentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(commit.links()).containsExactly(new OtlpReceiver.Link(second.traceId(), "00f067aa0ba902b7"));
        assertThat(commit.attribute(SpanNames.COMMIT_EVENTS)).isEqualTo(3L);
        assertThat(commit.attribute(SpanNames.COMMIT_REQUESTS)).isEqualTo(2L);
        assertThat(commit.status()).isEqualTo("STATUS_CODE_UNSET");

        List<AcceptedEvent> committed = rig.handedOff.get(0);
        assertThat(committed)
                .extracting(e -> e.trace().traceId())
                .containsExactly(first.traceId(), second.traceId(), first.traceId());
        // each event's fan-out hangs under its own request and links the commit that stored it
        Tracing again = Tracing.of(otlp.url(), "test", "journal-test");
        again.fanout(
                        committed.get(1).trace(),
                        ws,
                        committed.get(1).eventId(),
                        committed.get(1).seq(),
                        false)
                .end(null);
        again.close();
        OtlpReceiver.Span fanout =
                otlp.await(1, s -> s.name().equals(SpanNames.FANOUT), WAIT).get(0);
        assertThat(fanout.traceId()).isEqualTo(second.traceId());
        assertThat(fanout.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(fanout.linksTo(commit)).isTrue();
    }
}
