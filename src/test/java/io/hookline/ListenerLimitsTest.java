package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.RawHttp;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Verifies the rules both listeners share: a connection must deliver a complete request head within the header
 * deadline of opening (or of its previous answer), whether it trickles bytes or sends nothing; an answer that
 * takes longer than that is not cut off; and both listen on {@code HOOKLINE_BIND_ADDRESS} only. Raw sockets.
 */
class ListenerLimitsTest extends IntegrationTest {

    private static final long DEADLINE_MS = 10_000;

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("bind_address", "127.0.0.1").put("delivery_timeout_ms", 20_000);
    }

    /** Sends a request head one byte every 500 ms; how long after opening the server closed it (-1: never). */
    private static long trickleUntilClosed(int port, long maxMs) {
        long start = System.nanoTime();
        try (RawHttp connection = RawHttp.connect(port)) {
            connection.send("POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            while (elapsedMs(start) < maxMs) {
                if (!connection.trickle((byte) 'a') || connection.closedByServerWithin(500)) {
                    return elapsedMs(start);
                }
            }
            return -1;
        }
    }

    /** Sends {@code first} (if any), reads its answer, then stays idle; how long until the server closed it. */
    private static long idleUntilClosed(int port, String first, long maxMs) {
        return idleUntilClosed(port, first, 200, maxMs);
    }

    private static long idleUntilClosed(int port, String first, int status, long maxMs) {
        try (RawHttp connection = RawHttp.connect(port)) {
            if (first != null) {
                assertThat(connection.send(first).read().status()).isEqualTo(status);
            }
            long start = System.nanoTime();
            return connection.closedByServerWithin(maxMs) ? elapsedMs(start) : -1;
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void connectionsWithoutACompleteRequestHeadAreClosedAtTheHeaderDeadline() {
        int ingest = hookline.app().ports().ingest();
        int admin = hookline.app().ports().admin();
        String health = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        // an accepted event is answered without the router (its own path to the same deadline)
        String body = Events.message(newWorkspace(), Events.uid(), "sent").encode();
        String event = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Hookline.INGEST_TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        long max = DEADLINE_MS + 10_000;
        List<Supplier<Long>> cases = List.of(
                () -> trickleUntilClosed(ingest, max),
                () -> trickleUntilClosed(admin, max),
                () -> idleUntilClosed(admin, null, max),
                () -> idleUntilClosed(ingest, null, max),
                () -> idleUntilClosed(admin, health, max),
                () -> idleUntilClosed(ingest, health, max),
                () -> idleUntilClosed(ingest, event, 202, max));
        ExecutorService threads = Executors.newFixedThreadPool(cases.size());
        List<CompletableFuture<Long>> running = cases.stream()
                .map(c -> CompletableFuture.supplyAsync(c, threads))
                .toList();

        List<Long> closedAfter = running.stream().map(CompletableFuture::join).toList();
        threads.shutdown();

        assertThat(closedAfter)
                .as("ms until closed: trickling ingest, trickling admin, idle admin, idle ingest, "
                        + "idle admin after an answer, idle ingest after an answer, idle ingest after an event")
                .allSatisfy(ms -> assertThat(ms).isBetween(DEADLINE_MS - 1000, DEADLINE_MS + 5000));
    }

    @Test
    void anAnswerThatTakesLongerThanTheHeaderDeadlineIsNotCutOff() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(DEADLINE_MS + 2000);
        String webhook = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);

        try (RawHttp connection = RawHttp.connect(hookline.app().ports().admin())) {
            RawHttp.Answer test = connection
                    .send("POST /v1/workspaces/" + ws + "/webhooks/" + webhook + "/test HTTP/1.1\r\n"
                            + "Host: x\r\nAuthorization: Bearer " + Hookline.ADMIN_TOKEN
                            + "\r\nContent-Length: 0\r\n\r\n")
                    .read();
            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(test.json().getBoolean("success")).isTrue();
            assertThat(connection
                            .send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                            .read()
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void bothListenersListenOnlyOnTheBindAddress() throws IOException {
        for (int port : new int[] {
            hookline.app().ports().ingest(), hookline.app().ports().admin()
        }) {
            assertThat(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                            .status())
                    .isEqualTo(200);
            try (Socket other = new Socket()) {
                assertThatThrownBy(() -> other.connect(new InetSocketAddress("127.0.0.2", port), 2000))
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void aBindAddressThatIsNotOnThisMachineFailsTheStartWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> Hookline.start(db.url(), new JsonObject().put("bind_address", "192.0.2.1"))
                        .close())
                .satisfies(e -> assertThat(e.getCause().getMessage())
                        .contains("HOOKLINE_BIND_ADDRESS")
                        .contains("192.0.2.1")
                        .doesNotContain("\n"));
    }
}
