package io.hookline.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP receiver on loopback that records every request it gets. Its answer is configurable: a status code,
 * a delay, a body, or no answer at all (to exercise timeouts).
 */
public final class Receiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    public record Request(
            String method, String path, String query, Map<String, String> headers, byte[] body, long receivedNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        public JsonObject json() {
            return new JsonObject(bodyText());
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long delayMs;
    private volatile boolean hang;
    private volatile boolean reset;
    private volatile String responseBody = "ok";
    private volatile Map<String, String> responseHeaders = Map.of();
    private final Map<String, Long> pathDelays = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    private Receiver(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer();
    }

    public static Receiver start(Vertx vertx) {
        Receiver receiver = new Receiver(vertx);
        receiver.server.requestHandler(receiver::handle);
        Await.result(receiver.server.listen(0, "127.0.0.1"));
        return receiver;
    }

    private void handle(HttpServerRequest request) {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        request.body().onSuccess(body -> {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            requests.add(new Request(
                    request.method().name(),
                    request.path(),
                    request.query(),
                    headers,
                    body.getBytes(),
                    System.nanoTime()));
            if (hang) {
                return;
            }
            if (reset) {
                open.decrementAndGet();
                request.connection().close();
                return;
            }
            Runnable answer = () -> {
                responseHeaders.forEach((k, v) -> request.response().putHeader(k, v));
                open.decrementAndGet(); // before the answer goes out: the next request may follow it at once
                request.response().setStatusCode(status).end(responseBody);
            };
            long delayMs = pathDelays.getOrDefault(request.path(), this.delayMs);
            if (delayMs > 0) {
                vertx.setTimer(delayMs, id -> answer.run());
            } else {
                answer.run();
            }
        });
    }

    public Receiver answer(int statusCode) {
        this.status = statusCode;
        return this;
    }

    public Receiver answerBody(String body) {
        this.responseBody = body;
        return this;
    }

    public Receiver answerHeaders(Map<String, String> headers) {
        this.responseHeaders = Map.copyOf(headers);
        return this;
    }

    public Receiver delay(long ms) {
        this.delayMs = ms;
        return this;
    }

    /** Answers requests to {@code path} after {@code ms}; other paths as configured for all. */
    public Receiver delay(String path, long ms) {
        pathDelays.put(path, ms);
        return this;
    }

    /** The most requests this receiver held unanswered at one time (requests it hangs on stay counted). */
    public int mostOpen() {
        return mostOpen.get();
    }

    /** Reads requests but never answers them. */
    public Receiver hang() {
        this.hang = true;
        return this;
    }

    /** Closes the connection instead of answering. */
    public Receiver reset() {
        this.reset = true;
        return this;
    }

    /** Answers normally again (status and body as configured). */
    public Receiver healthy() {
        this.hang = false;
        this.reset = false;
        this.delayMs = 0;
        return this;
    }

    public String url() {
        return url("/hook");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    public int port() {
        return server.actualPort();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(Predicate<Request> filter) {
        return requests.stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} requests matching {@code filter} arrived; returns them. */
    public List<Request> await(int count, Predicate<Request> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Request> matching = requests(filter);
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching requests within " + timeout + ", got "
                        + matching.size() + " (of " + requests.size() + " in all)");
            }
            sleep(10);
        }
    }

    public List<Request> await(int count, Duration timeout) {
        return await(count, r -> true, timeout);
    }

    /** The request carrying {@code webhook-id: eventId}. */
    public Request awaitEvent(String eventId, Duration timeout) {
        return await(1, r -> eventId.equals(r.header("webhook-id")), timeout).get(0);
    }

    public static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Await.result(server.close());
    }
}
