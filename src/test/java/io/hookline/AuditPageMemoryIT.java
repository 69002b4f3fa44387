package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An audit page of large entries from a process with a 512 MiB heap (as {@link HooklineProcess} runs the jar): 1000
 * changes of a webhook whose filter lists 5,000 chat ids (a 55 KB request each) make entries of two such
 * webhook objects. Built in memory at once, a page of 1000 was over 100 MB of text and several times that as JSON
 * trees (review: 12.5 MB for 100 entries); streamed a few entries at a time, it arrives whole.
 */
@Timeout(600)
class AuditPageMemoryIT {

    private static final int CHANGES = 1000;
    private static final int CHAT_IDS = 5000;

    @Test
    void aPageOfLargeAuditEntriesArrivesWholeFromA512MiBHeap() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                HooklineProcess hookline = HooklineProcess.start("audit-page-memory", db.url(), Map.of())) {
            String ws = "audit-" + Events.uid().substring(0, 8);
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
                            new JsonObject()
                                    .put("url", "https://example.com/hook")
                                    .put("event_type", "message:new")
                                    .put("enabled", false))
                    .json()
                    .getString("id");
            for (int i = 0; i < CHANGES; i++) {
                long base = 1_000_000_000L * (i % 2 + 1); // alternating, so each change is a change
                JsonArray ids = new JsonArray();
                LongStream.range(base, base + CHAT_IDS).forEach(ids::add);
                Http.Response changed = Http.json(
                        "PATCH",
                        hookline.adminUrl("/v1/workspaces/" + ws + "/webhooks/" + webhook),
                        Hookline.ADMIN_TOKEN,
                        new JsonObject().put("filter", new JsonObject().put("chat_id", ids)));
                assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            }

            Http.Response page = Http.json(
                    "GET", hookline.adminUrl("/v1/workspaces/" + ws + "/audit?limit=1000"), Hookline.ADMIN_TOKEN, null);

            assertThat(page.status()).isEqualTo(200);
            JsonObject body = page.json();
            JsonArray data = body.getJsonArray("data");
            assertThat(data).hasSize(CHANGES);
            for (int i = 0; i < CHANGES; i++) {
                JsonObject entry = data.getJsonObject(i);
                assertThat(entry.getString("action")).isEqualTo("webhook.updated");
                assertThat(entry.getJsonObject("after").getJsonObject("filter").getJsonArray("chat_id"))
                        .as("entry %d's filter after the change", i)
                        .hasSize(CHAT_IDS);
            }
            // the creation is the one entry left, on the next page
            assertThat(body.getString("next_cursor")).isNotNull();
            JsonArray rest = Http.json(
                            "GET",
                            hookline.adminUrl(
                                    "/v1/workspaces/" + ws + "/audit?cursor=" + body.getString("next_cursor")),
                            Hookline.ADMIN_TOKEN,
                            null)
                    .json()
                    .getJsonArray("data");
            assertThat(rest).hasSize(1);
            assertThat(rest.getJsonObject(0).getString("action")).isEqualTo("webhook.created");
            assertThat(hookline.log()).doesNotContain("OutOfMemoryError");
        }
    }
}
