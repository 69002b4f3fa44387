package io.hookline.testing;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts message events from a few threads until told to stop, to whichever ingest URL is current, and remembers
 * exactly which events were accepted (202, or 200 duplicate) and how often the answer was a 503 or no answer.
 */
public final class Producer implements AutoCloseable {

    private final String workspace;
    private final AtomicReference<String> target;
    private final ExecutorService threads;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean running = true;

    public Producer(String workspace, String ingestUrl, int threadCount, int limit, long pauseMs) {
        this.workspace = workspace;
        this.target = new AtomicReference<>(ingestUrl);
        this.threads = Executors.newFixedThreadPool(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads.submit(() -> {
                while (running && sent.incrementAndGet() <= limit) {
                    post();
                    if (pauseMs > 0) {
                        Receiver.sleep(pauseMs);
                    }
                }
            });
        }
    }

    private void post() {
        JsonObject event = Events.message(workspace, Events.uid(), "sent");
        try {
            Http.Response r = Http.json("POST", target.get(), Hookline.INGEST_TOKEN, event);
            if (r.status() == 202 || r.status() == 200) {
                accepted.add(event.getString("id"));
            } else if (r.status() == 503) {
                unavailable.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            Receiver.sleep(20);
        }
    }

    public void retarget(String ingestUrl) {
        target.set(ingestUrl);
    }

    public Set<String> accepted() {
        return accepted;
    }

    public int unavailable() {
        return unavailable.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Stops and waits for the posts under way. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
    }

    public void awaitDone() throws InterruptedException {
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.MINUTES);
    }
}
