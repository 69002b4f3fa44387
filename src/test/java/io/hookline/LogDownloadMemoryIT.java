package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A log download of large entries from a process with a 512 MiB heap (as {@link HooklineProcess} runs the jar): 100
 * events of about 1 MB, each answered with 64 KiB of control bytes (escaped six-fold in JSON), make a page of about
 * 140 MB. Built in memory at once, such a page ran the instance out of heap and the download got no answer (review);
 * streamed a few entries at a time, it arrives whole.
 */
@Timeout(300)
class LogDownloadMemoryIT {

    private static final int EVENTS = 100;
    private static final String TEXT = "x".repeat(1_000_000);

    @Test
    void aPageOfMegabyteEntriesArrivesWholeFromA512MiBHeap() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Receiver receiver = Receiver.start(vertx).answerBody("\u0001".repeat(64 * 1024));
                HooklineProcess hookline = HooklineProcess.start("log-download-memory", db.url(), Map.of())) {
            String ws = "log-" + Events.uid().substring(0, 8);
            assertThat(Http.json(
                                    "PUT",
                                    hookline.adminUrl("/v1/workspaces/" + ws),
                                    Hookline.ADMIN_TOKEN,
                                    new JsonObject().put("name", ws))
                            .status())
                    .isEqualTo(201);
            String webhook = Http.json(
                            "POST",
                            hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                            Hookline.ADMIN_TOKEN,
                            new JsonObject().put("url", receiver.url()).put("event_type", "message:new"))
                    .json()
                    .getString("id");
            for (int i = 0; i < EVENTS; i++) {
                JsonObject event = Events.message(ws, Events.uid(), "received");
                event.getJsonObject("message").put("text", TEXT);
                assertThat(Http.json("POST", hookline.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                                .status())
                        .isEqualTo(202);
            }
            receiver.await(EVENTS, Duration.ofSeconds(120));
            Await.until(
                    "every attempt stored",
                    Duration.ofSeconds(60),
                    () -> Http.json(
                                            "GET",
                                            hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks/" + webhook
                                                    + "/attempts?limit=100"),
                                            Hookline.ADMIN_TOKEN,
                                            null)
                                    .json()
                                    .getJsonArray("data")
                                    .size()
                            == EVENTS);

            Http.Response log = Http.json(
                    "GET",
                    hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks/" + webhook + "/log?limit=100"),
                    Hookline.ADMIN_TOKEN,
                    null);

            assertThat(log.status()).isEqualTo(200);
            JsonArray entries = log.jsonArray();
            assertThat(entries).hasSize(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                JsonObject entry = entries.getJsonObject(i);
                assertThat(entry.getJsonObject("request").getJsonObject("body").encode())
                        .as("entry %d's request body", i)
                        .contains(TEXT);
                assertThat(entry.getJsonObject("response").getString("body")).hasSize(64 * 1024);
            }
            assertThat(entries.getJsonObject(0).getLong("id"))
                    .as("newest first")
                    .isGreaterThan(entries.getJsonObject(EVENTS - 1).getLong("id"));
            assertThat(hookline.log()).doesNotContain("OutOfMemoryError");
        } finally {
            Await.result(vertx.close());
        }
    }
}
