package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Verifies that bad receivers cannot hurt healthy ones: with a receiver that never answers, one that answers slowly
 * and one that refuses connections next to a healthy webhook, every healthy delivery arrives and its latency stays
 * within a few times the no-fault run, measured here in the same test.
 */
class IsolationTest extends IntegrationTest {

    private static final int EVENTS = 500;

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("delivery_timeout_ms", 3000);
    }

    /** Posts {@link #EVENTS} events from 4 threads; returns per-event latency (ms) until {@code healthy} got it. */
    private List<Double> run(String ws, Receiver healthy) throws Exception {
        Map<String, Long> postedAt = new ConcurrentHashMap<>();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(producers.submit(() -> {
                    for (int i = 0; i < EVENTS / 4; i++) {
                        JsonObject event = Events.message(ws, Events.uid(), "sent");
                        postedAt.put(event.getString("id"), System.nanoTime());
                        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
                        Receiver.sleep(5);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            producers.shutdown();
        }
        List<Receiver.Request> got = healthy.await(EVENTS, Duration.ofSeconds(60));
        assertThat(got).hasSize(EVENTS);
        List<Double> latencies = new ArrayList<>();
        for (Receiver.Request r : got) {
            latencies.add((r.receivedNanos() - postedAt.get(r.header("webhook-id"))) / 1e6);
        }
        Collections.sort(latencies);
        return latencies;
    }

    private static double p99(List<Double> sorted) {
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    /** A workspace whose webhooks are a healthy receiver and three bad ones; returns the healthy receiver. */
    private Receiver stormyWorkspace(String ws) throws IOException {
        hookline.webhook(ws, receiver().hang().url(), "message:new");
        hookline.webhook(ws, receiver().delay(2500).url(), "message:new");
        hookline.webhook(ws, "http://127.0.0.1:" + closedPort() + "/hook", "message:new");
        Receiver healthy = receiver();
        hookline.webhook(ws, healthy.url(), "message:new");
        return healthy;
    }

    @Test
    void hangingSlowAndRefusingReceiversDoNotDelayAHealthyOne() throws Exception {
        // warm up every code path both runs use (healthy and failing deliveries, auto-disable), so neither run pays
        // for class loading and JIT compilation
        String warmUp = newWorkspace();
        run(warmUp, stormyWorkspace(warmUp));

        String calm = newWorkspace();
        Receiver healthyAlone = receiver();
        hookline.webhook(calm, healthyAlone.url(), "message:new");
        List<Double> baseline = run(calm, healthyAlone);

        String stormy = newWorkspace();
        List<Double> withFaults = run(stormy, stormyWorkspace(stormy));

        double ratio = p99(withFaults) / Math.max(p99(baseline), 10.0);
        System.out.printf(
                "healthy p99: %.1f ms alone, %.1f ms next to bad receivers (ratio %.2f)%n",
                p99(baseline), p99(withFaults), ratio);
        assertThat(ratio)
                .as("p99 %.1f ms with bad receivers vs %.1f ms without", p99(withFaults), p99(baseline))
                .isLessThan(5.0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
