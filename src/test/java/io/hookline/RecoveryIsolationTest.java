package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a recovery never starves live deliveries to other webhooks: while one webhook's recovery of 150
 * events runs, another webhook's ingest-to-receiver p99 stays within 2× of what it was without (with a 10 ms floor,
 * so the scheduler noise of a shared machine alone cannot fail it).
 */
class RecoveryIsolationTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Ingest-to-receiver milliseconds of {@code n} events posted one after the other, p99. */
    private double liveP99(String ws, Receiver receiver, int n) {
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonObject call = Events.call(ws, "incoming", "Missed");
            long start = System.nanoTime();
            assertThat(hookline.postEvent(call).status()).isEqualTo(202);
            latencies.add((receiver.awaitEvent(call.getString("id"), WAIT).receivedNanos() - start) / 1e6);
        }
        Collections.sort(latencies);
        return latencies.get((int) Math.ceil(0.99 * n) - 1);
    }

    @Test
    void aRecoveryOnOneWebhookDoesNotDelayAnotherWebhooksLiveDeliveries() {
        String ws = newWorkspace();
        Receiver live = receiver();
        Receiver recovered = receiver().delay(30);
        hookline.webhook(ws, live.url(), "call:incoming:missed");
        String since = Instant.now().minusSeconds(2).toString();
        String id = hookline.admin(
                        "POST",
                        "/v1/workspaces/" + ws + "/webhooks",
                        new JsonObject()
                                .put("url", recovered.url())
                                .put("event_type", "message:new")
                                .put("enabled", false))
                .json()
                .getString("id");
        for (int i = 0; i < 150; i++) {
            assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "sent"))
                            .status())
                    .isEqualTo(202);
        }
        liveP99(ws, live, 30); // warm-up
        double before = liveP99(ws, live, 100);
        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject().put("enabled", true))
                        .status())
                .isEqualTo(200);
        String path = "/v1/workspaces/" + ws + "/webhooks/" + id + "/recoveries/"
                + hookline.admin(
                                "POST",
                                "/v1/workspaces/" + ws + "/webhooks/" + id + "/recover",
                                new JsonObject().put("since", since))
                        .json()
                        .getString("id");
        recovered.await(5, WAIT);

        double during = liveP99(ws, live, 100);

        JsonObject job = hookline.admin("GET", path, null).json();
        System.out.printf(
                "live p99 %.1f ms without a recovery, %.1f ms during one (%d of %d sent)%n",
                before, during, job.getInteger("sent"), job.getInteger("total"));
        assertThat(job.getString("status"))
                .as("still recovering while measured")
                .isEqualTo("running");
        assertThat(during).isLessThanOrEqualTo(2 * Math.max(before, 10.0));
    }
}
