package io.hookline.delivery;

import io.hookline.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback receiver that holds every request until the test lets it answer (200), counting how many it holds at
 * once: the concurrency the sender really achieved.
 */
final class HeldReceiver implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final List<HttpServerRequest> held = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger highest = new AtomicInteger();
    private volatile long answerAfterMs = -1;
    private volatile Runnable onRequest = () -> {};

    private HeldReceiver(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    static HeldReceiver start(Vertx vertx) {
        HeldReceiver receiver = new HeldReceiver(vertx);
        Await.result(receiver.server.listen(0, "127.0.0.1"));
        return receiver;
    }

    /** Runs {@code check} on every request, once it counted it. */
    HeldReceiver onRequest(Runnable check) {
        onRequest = check;
        return this;
    }

    /** Answers each request {@code ms} after it arrived instead of holding it. */
    HeldReceiver answeringAfter(long ms) {
        answerAfterMs = ms;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            int now;
            synchronized (this) {
                held.add(request);
                now = held.size();
            }
            highest.accumulateAndGet(now, Math::max);
            received.incrementAndGet();
            onRequest.run();
            if (answerAfterMs >= 0) {
                vertx.setTimer(Math.max(1, answerAfterMs), id -> answer(request));
            }
        });
    }

    private void answer(HttpServerRequest request) {
        synchronized (this) {
            held.remove(request);
        }
        request.response().setStatusCode(200).end("ok");
    }

    /** Answers every request held now. */
    void releaseAll() {
        List<HttpServerRequest> now;
        synchronized (this) {
            now = new ArrayList<>(held);
        }
        now.forEach(this::answer);
    }

    int received() {
        return received.get();
    }

    /** Requests held now: the sender's requests on the wire. */
    synchronized int holding() {
        return held.size();
    }

    /** The most requests held at one time. */
    int highestConcurrency() {
        return highest.get();
    }

    @Override
    public void close() {
        Await.result(server.close());
    }
}
