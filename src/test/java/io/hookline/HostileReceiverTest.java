package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.RawReceiver;
import io.hookline.testing.Receiver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Verifies, with receivers that misbehave at the byte level, that a receiver can neither make Hookline download
 * forever (issue 8, item 2) nor get its answer attributed to another request (item 5): an exchange that ends other
 * than cleanly closes its connection at once, and that connection is never used again.
 */
class HostileReceiverTest extends IntegrationTest {

    private static final int TIMEOUT_MS = 3000;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CHUNKED_200 =
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n" + "transfer-encoding: chunked\r\n\r\n";

    @Override
    protected JsonObject settings() {
        // one event loop: one HTTP client, so a connection left in its pool is the one the next request would get
        return new JsonObject().put("delivery_timeout_ms", TIMEOUT_MS).put("event_loops", 1);
    }

    private RawReceiver rawReceiver(BiConsumer<RawReceiver.Connection, RawReceiver.Request> script) {
        return closeLater(RawReceiver.start(receiverVertx, script));
    }

    private String send(String ws) {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        return event.getString("id");
    }

    private Map<String, Object> attemptOf(String eventId) {
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);
        List<Map<String, Object>> rows = rows(
                "SELECT success, status_code, error, duration_ms, response_body, "
                        + "length(response_body) AS kept FROM attempts WHERE event_id = ?",
                eventId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static final Buffer CHUNK = Buffer.buffer("2000\r\n" + "z".repeat(8192) + "\r\n");

    /** Writes 8 KiB chunks, each as soon as the previous one was taken, until the connection is closed. */
    private static void endless(RawReceiver.Connection connection) {
        Context context = Vertx.currentContext();
        connection.write(CHUNK.copy()).onSuccess(v -> context.runOnContext(x -> endless(connection)));
    }

    @Test
    void anEndlessChunkedAnswerIsCutOffOnce64KiBAreKeptAndItsConnectionClosed() {
        String ws = newWorkspace();
        RawReceiver receiver = rawReceiver((connection, request) -> {
            connection.write(CHUNKED_200);
            endless(connection);
        });
        hookline.webhook(ws, receiver.url("/hook"), "message:new");

        String eventId = send(ws);
        Map<String, Object> attempt = attemptOf(eventId);
        RawReceiver.Connection connection = receiver.awaitConnectionOf(eventId, WAIT);

        assertThat(attempt.get("status_code")).isEqualTo(200);
        assertThat(attempt.get("kept")).isEqualTo(64 * 1024);
        assertThat(RawReceiver.awaitClosed(connection, Duration.ofMillis(TIMEOUT_MS + 2000)))
                .as("Hookline closed the connection instead of reading on")
                .isTrue();
        long openMs = TimeUnit.NANOSECONDS.toMillis(
                connection.closedNanos() - connection.requests().get(0).receivedNanos());
        assertThat(openMs)
                .as("closed once 64 KiB were kept, not at the deadline")
                .isLessThan(TIMEOUT_MS);
        // what the kernel's socket buffers held when the cut came, not an endless download
        assertThat(connection.bytesWritten()).isLessThan(32L * 1024 * 1024);
        assertThat(receiver.connections()).hasSize(1);
        assertThat(connection.requests()).hasSize(1);
    }

    /** Answers 200, then one byte of body every 20 ms for as long as the connection stays open. */
    private void trickle(RawReceiver.Connection connection, String head, String perByte) {
        connection.write(head);
        receiverVertx.setPeriodic(20, timer -> {
            if (connection.closed()) {
                receiverVertx.cancelTimer(timer);
            } else {
                connection.write(perByte);
            }
        });
    }

    @Test
    void anAnswerTrickledAByteAtATimeIsCutOffAtTheDeadlineAndItsConnectionClosed() {
        String ws = newWorkspace();
        RawReceiver chunked = rawReceiver((connection, request) -> trickle(connection, CHUNKED_200, "1\r\nz\r\n"));
        RawReceiver sized = rawReceiver((connection, request) ->
                trickle(connection, "HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n", "z"));
        hookline.webhook(ws, chunked.url("/hook"), "message:new");
        hookline.webhook(ws, sized.url("/hook"), "message:new");

        String eventId = send(ws);
        awaitCount(2, "SELECT count(*) FROM attempts WHERE event_id = ?", eventId);

        for (Map<String, Object> attempt : rows("SELECT * FROM attempts WHERE event_id = ?", eventId)) {
            assertThat(attempt.get("success")).isEqualTo(false);
            assertThat(attempt.get("status_code")).isNull();
            assertThat(attempt.get("error")).isEqualTo("timeout after " + TIMEOUT_MS + " ms");
            assertThat((Integer) attempt.get("duration_ms")).isBetween(TIMEOUT_MS - 50, TIMEOUT_MS + 1500);
        }
        for (RawReceiver receiver : List.of(chunked, sized)) {
            RawReceiver.Connection connection = receiver.awaitConnectionOf(eventId, WAIT);
            assertThat(RawReceiver.awaitClosed(connection, Duration.ofSeconds(3)))
                    .as("Hookline closed the connection at the deadline, though bytes kept coming")
                    .isTrue();
            long openMs = TimeUnit.NANOSECONDS.toMillis(
                    connection.closedNanos() - connection.requests().get(0).receivedNanos());
            assertThat(openMs).isBetween(TIMEOUT_MS - 100L, TIMEOUT_MS + 1500L);
            long written = connection.bytesWritten();
            Receiver.sleep(300);
            assertThat(connection.bytesWritten())
                    .as("nothing more is taken after the cut")
                    .isEqualTo(written);
            assertThat(receiver.connections()).hasSize(1);
        }
    }

    @Test
    void a102ProcessingIsAFailedAttemptAndTheRealAnswerAfterItIsNeverTakenForAnotherRequest() {
        String wsA = newWorkspace();
        String wsB = newWorkspace();
        RawReceiver receiver = rawReceiver((connection, request) -> {
            if (request.path().equals("/a")) {
                connection.write("HTTP/1.1 102 Processing\r\n\r\n");
            } else if (connection.requests().size() > 1) {
                // a later request on the connection that got the 102: it gets the real answer to /a, as it would on the
                // wire
                connection.write("HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nanswer-a");
            } else {
                connection.write("HTTP/1.1 201 Created\r\ncontent-length: 6\r\n\r\nfrom-b");
            }
        });
        hookline.webhook(wsA, receiver.url("/a"), "message:new");
        hookline.webhook(wsB, receiver.url("/b"), "message:new");

        ch.qos.logback.classic.Logger vertxLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.vertx");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        vertxLog.addAppender(logged);
        String first;
        String second;
        Map<String, Object> attemptA;
        Map<String, Object> attemptB;
        try {
            first = send(wsA);
            attemptA = attemptOf(first);
            second = send(wsB);
            attemptB = attemptOf(second);
        } finally {
            vertxLog.detachAppender(logged);
        }
        assertThat(logged.list.stream()
                        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                        .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage))
                .as("the attempt says what happened; cutting the exchange off is no ERROR in the log")
                .isEmpty();

        assertThat(attemptA.get("success")).isEqualTo(false);
        assertThat(attemptA.get("status_code")).isEqualTo(102);
        assertThat((String) attemptA.get("error")).startsWith("HTTP 102");
        assertThat(attemptB.get("success")).isEqualTo(true);
        assertThat(attemptB.get("status_code")).isEqualTo(201);
        assertThat(attemptB.get("response_body")).isEqualTo("from-b");
        RawReceiver.Connection connectionA = receiver.awaitConnectionOf(first, WAIT);
        assertThat(RawReceiver.awaitClosed(connectionA, WAIT))
                .as("the connection that got the 102 is closed")
                .isTrue();
        assertThat(connectionA.requests()).hasSize(1);
        assertThat(receiver.awaitConnectionOf(second, WAIT)).isNotSameAs(connectionA);
        assertThat(count("SELECT count(*) FROM attempts WHERE response_body = 'answer-a'"))
                .isZero();
    }

    /**
     * A 204 with a body (which HTTP forbids, and the client does not read): its bytes stayed on the connection and were
     * read as the answer to another webhook's next request, failing it, so a healthy webhook was auto-disabled for
     * another's broken receiver (review). That connection is closed now; the 204 itself counts as delivered.
     */
    @Test
    void theBodyOfA204IsNeverTakenForAnotherWebhooksAnswer() {
        String wsA = newWorkspace();
        String wsB = newWorkspace();
        RawReceiver receiver = rawReceiver((connection, request) -> connection.write(
                request.path().equals("/a")
                        ? "HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\nhello"
                        : "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"));
        hookline.webhook(wsA, receiver.url("/a"), "message:new");
        hookline.webhook(wsB, receiver.url("/b"), "message:new");

        for (int i = 0; i < 3; i++) {
            Map<String, Object> attemptA = attemptOf(send(wsA));
            assertThat(attemptA.get("success")).isEqualTo(true);
            assertThat(attemptA.get("status_code")).isEqualTo(204);
            Map<String, Object> attemptB = attemptOf(send(wsB));
            assertThat(attemptB.get("error"))
                    .as("the other webhook's attempt %d", i)
                    .isNull();
            assertThat(attemptB.get("status_code")).isEqualTo(200);
            assertThat(attemptB.get("response_body")).isEqualTo("ok");
        }
    }

    /**
     * A receiver that closes every connection right after its answer, without saying so ({@code Connection: close}):
     * a request sent on such a connection just before its close was noticed never reached the receiver. It is sent
     * once more on a fresh connection, within its deadline, instead of counting as the receiver's failure.
     */
    @Test
    void aRequestOnAConnectionTheReceiverHadSilentlyClosedIsSentAgainOnAFreshOne() {
        String ws = newWorkspace();
        RawReceiver receiver = rawReceiver((connection, request) -> connection
                .write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                .onComplete(v -> connection.socket().close()));
        hookline.webhook(ws, receiver.url("/hook"), "message:new");
        List<String> ids = new java.util.ArrayList<>();
        List<JsonObject> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            ids.add(event.getString("id"));
            batch.add(event);
        }
        assertThat(hookline.postBatch(new JsonObject().put("events", new io.vertx.core.json.JsonArray(batch)))
                        .status())
                .isEqualTo(202);
        awaitCount(200, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        assertThat(rows(
                        "SELECT error, count(*) AS n FROM attempts WHERE workspace_id = ? AND NOT success "
                                + "GROUP BY error",
                        ws))
                .isEmpty();
        Map<String, Integer> copies = new java.util.HashMap<>();
        receiver.connections().forEach(c -> c.requests().forEach(r -> copies.merge(r.webhookId(), 1, Integer::sum)));
        assertThat(copies.keySet()).containsAll(ids);
        assertThat(copies.values()).allMatch(n -> n <= 2);
    }

    /**
     * A receiver that reads a request and then drops the kept-alive connection without answering (a worker dying on
     * that payload) gets it at most twice in one attempt, and the attempt is a failure.
     */
    @Test
    void aRequestTheReceiverReadAndThenDroppedIsSentAtMostTwice() {
        String ws = newWorkspace();
        java.util.concurrent.atomic.AtomicReference<String> poison =
                new java.util.concurrent.atomic.AtomicReference<>();
        RawReceiver receiver = rawReceiver((connection, request) -> {
            if (request.webhookId().equals(poison.get())) {
                connection.socket().close();
            } else {
                connection.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
            }
        });
        hookline.webhook(ws, receiver.url("/hook"), "message:new");
        for (int i = 0; i < 20; i++) {
            send(ws); // warm connections in the pool, each having served an answer
        }
        awaitCount(20, "SELECT count(*) FROM attempts WHERE workspace_id = ? AND success", ws);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        poison.set(event.getString("id"));
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);

        Map<String, Object> attempt = attemptOf(event.getString("id"));
        assertThat(attempt.get("success")).isEqualTo(false);
        assertThat(attempt.get("error")).isEqualTo("connection closed before an answer");
        long copies = receiver.connections().stream()
                .flatMap(c -> c.requests().stream())
                .filter(r -> event.getString("id").equals(r.webhookId()))
                .count();
        assertThat(copies).isEqualTo(2);
    }
}
