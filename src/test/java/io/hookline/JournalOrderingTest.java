package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies arrival order across group-commit writes: when one request is split over several writes (tiny
 * journal batches here), a reaction in a later write still sees the message and the reactions of the earlier one.
 */
class JournalOrderingTest extends IntegrationTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("journal_max_batch", 2);
    }

    @Test
    void reactionsSplitFromTheirMessageIntoALaterWriteAreSyncedAndInOrder() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "message:reaction");
        JsonArray batch = new JsonArray();
        List<JsonObject> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String uid = Events.uid();
            batch.add(Events.message(ws, Events.uid(), "sent")); // filler, so each message ends a write
            batch.add(Events.message(ws, uid, "received"));
            batch.add(Events.reaction(ws, uid, "set", "👍", Events.person("A", "+1")));
            JsonObject next = Events.reaction(ws, uid, "set", "👍", Events.person("B", "+2"));
            batch.add(next);
            second.add(next);
        }

        Http.Response response = hookline.postBatch(new JsonObject().put("events", batch));
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().getJsonArray("results").stream().map(r -> ((JsonObject) r).getString("status")))
                .containsOnly("accepted");

        assertThat(count(
                        "SELECT count(*) FROM events WHERE workspace_id = ? AND skip_reason = 'message_not_synced'",
                        ws))
                .isZero();
        receiver.await(40, Duration.ofSeconds(30));
        for (JsonObject reaction : second) {
            Map<String, Object> counts = receiver.awaitEvent(reaction.getString("id"), Duration.ofSeconds(10))
                    .json()
                    .getJsonObject("reaction")
                    .getJsonObject("reactions")
                    .getMap();
            assertThat(counts).isEqualTo(Map.of("👍", "2"));
        }
    }
}
