package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recovery that reaches events whose live delivery has been on the wire long enough to be parked (a row in
 * {@code pending_events}, so the instance's watermark moved past them) waits for those deliveries instead of sending
 * the events a second time. The delivery timeout is raised so that the receiver can answer after the parking.
 */
class RecoveryParkedTest extends IntegrationTest {

    private static final int ANSWER_AFTER_MS = 7000;

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("delivery_timeout_ms", 15000);
    }

    @Test
    void eventsWhoseLiveDeliveryIsParkedAreWaitedForNotSentTwice() {
        String ws = newWorkspace();
        String since = Instant.now().minusSeconds(5).toString();
        Receiver receiver = receiver().delay(ANSWER_AFTER_MS);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            ids.add(event.getString("id"));
        }
        receiver.await(3, Duration.ofSeconds(30));
        awaitCount(
                3, "SELECT count(*) FROM pending_events p JOIN events e ON e.seq = p.seq WHERE e.workspace_id = ?", ws);

        String base = "/v1/workspaces/" + ws + "/webhooks/" + id;
        Http.Response started = hookline.admin("POST", base + "/recover", new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().getInteger("total")).isEqualTo(3);
        assertThat(count(
                        "SELECT count(*) FROM attempts a JOIN events e ON e.seq = a.event_seq WHERE e.workspace_id = ?",
                        ws))
                .as("the job started while all three were still on the wire")
                .isZero();
        String rid = started.json().getString("id");
        JsonObject job = awaitJob(base + "/recoveries/" + rid);

        assertThat(job.getString("status")).isEqualTo("done");
        assertThat(job.getInteger("sent"))
                .as("delivered live meanwhile: sent below total")
                .isZero();
        Receiver.sleep(300); // negative check, a fixed window on purpose: no late copy may arrive within it
        assertThat(ids.stream()
                        .map(eventId -> receiver.requests().stream()
                                .filter(r -> eventId.equals(r.header("webhook-id")))
                                .count())
                        .toList())
                .containsExactly(1L, 1L, 1L);
    }

    private JsonObject awaitJob(String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonObject job = null;
        while (System.nanoTime() < deadline) {
            job = hookline.admin("GET", path, null).json();
            if (!"running".equals(job.getString("status"))) {
                return job;
            }
            Receiver.sleep(50);
        }
        throw new AssertionError("recovery never ended: " + job);
    }
}
