package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.RawReceiver;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Verifies that answers that are not HTTP (garbage, a broken status line or length, a header larger than the client
 * reads, a body cut short) are each one failed attempt with a readable error, leave no ERROR in Hookline's log (a
 * receiver must not be able to fill an operator's log), and do not hold up a healthy webhook.
 */
class MalformedAnswerTest extends IntegrationTest {

    private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    static {
        ANSWERS.put("/garbage", "garbage\r\n\r\n");
        ANSWERS.put("/status", "HTTP/1.1 2x0 OK\r\ncontent-length: 0\r\n\r\n");
        ANSWERS.put("/length", "HTTP/1.1 200 OK\r\ncontent-length: nope\r\n\r\n");
        ANSWERS.put("/header", "HTTP/1.1 200 OK\r\nx-big: " + "a".repeat(20_000) + "\r\ncontent-length: 0\r\n\r\n");
        ANSWERS.put("/version", "HTTP/2.0 200 OK\r\ncontent-length: 0\r\n\r\n");
        ANSWERS.put("/short", "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort");
    }

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("delivery_timeout_ms", 3000);
    }

    @Test
    void eachMalformedAnswerIsOneReadableFailureWithoutAnErrorInTheLog() {
        RawReceiver receiver = closeLater(RawReceiver.start(receiverVertx, (connection, request) -> {
            connection.write(ANSWERS.get(request.path()));
            if (request.path().equals("/short")) {
                connection.socket().close();
            }
        }));
        String ws = newWorkspace();
        for (String path : ANSWERS.keySet()) {
            hookline.webhook(ws, receiver.url(path), "message:new");
        }
        Receiver healthy = receiver();
        hookline.webhook(ws, healthy.url(), "message:new");

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        List<Map<String, Object>> attempts;
        try {
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            assertThat(healthy.awaitEvent(event.getString("id"), Duration.ofSeconds(20)))
                    .isNotNull();
            awaitCount(ANSWERS.size() + 1, "SELECT count(*) FROM attempts WHERE event_id = ?", event.getString("id"));
            attempts = rows(
                    "SELECT url, success, status_code, error FROM attempts WHERE event_id = ? AND url <> ? ORDER BY url",
                    event.getString("id"),
                    healthy.url());
            Receiver.sleep(500); // anything the connections log after the outcome
        } finally {
            root.detachAppender(logged);
        }

        assertThat(attempts).hasSize(ANSWERS.size());
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map<String, Object> attempt : attempts) {
            assertThat(attempt.get("success")).as("success of %s", attempt).isEqualTo(false);
            assertThat(attempt.get("status_code")).as("status of %s", attempt).isNull();
            String url = (String) attempt.get("url");
            errors.put(url.substring(url.lastIndexOf('/')), (String) attempt.get("error"));
        }
        assertThat(errors)
                .containsEntry("/garbage", "invalid HTTP answer: invalid version format: GARBAGE")
                .containsEntry("/status", "invalid HTTP answer: For input string: \"2x0\"")
                .containsEntry("/length", "invalid HTTP answer: Content-Length value is not a number: nope")
                .containsEntry("/header", "invalid HTTP answer: HTTP header is larger than 8192 bytes.")
                .containsEntry("/version", "invalid HTTP answer: Unsupported HTTP version: HTTP/2.0")
                .containsEntry("/short", "connection closed after HTTP 200, before the answer ended");
        assertThat(logged.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()))
                .as("ERROR lines while receivers answered malformed HTTP")
                .isEmpty();
    }

    /**
     * A receiver that starts its answer and then resets the connection (TCP RST): one failed attempt saying so, at
     * once. On the io_uring transport most of these used to wait out the whole delivery timeout and were stored as
     * timeouts, holding an in-flight slot all that time.
     */
    @Test
    void aResetInTheMiddleOfTheAnswerIsAResetAtOnceNotATimeout() throws Exception {
        String ws = newWorkspace();
        try (java.net.ServerSocket server =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket socket = server.accept();
                        java.io.InputStream in = socket.getInputStream();
                        byte[] buffer = new byte[65536];
                        StringBuilder head = new StringBuilder();
                        while (!head.toString().contains("\r\n\r\n")) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                break;
                            }
                            head.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                        }
                        socket.getOutputStream()
                                .write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc"
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        socket.setSoLinger(true, 0);
                        socket.close(); // a RST, not a FIN
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            hookline.webhook(ws, "http://127.0.0.1:" + server.getLocalPort() + "/reset", "message:new");
            for (int i = 0; i < 8; i++) {
                assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent"))
                                .status())
                        .isEqualTo(202);
            }
            awaitCount(8, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
            assertThat(rows("SELECT success, status_code, error, duration_ms FROM attempts WHERE workspace_id = ?", ws))
                    .allSatisfy(attempt -> {
                        assertThat(attempt.get("success")).isEqualTo(false);
                        assertThat(attempt.get("error"))
                                .isEqualTo("connection reset after HTTP 200, before the answer ended");
                        assertThat(((Number) attempt.get("duration_ms")).longValue())
                                .isLessThan(2000);
                    });
        }
    }
}
