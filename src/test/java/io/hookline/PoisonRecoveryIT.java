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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies against the real jar that one event can never stop crash recovery for the others (issue 8, item 3):
 * events sent with a UTF-8 byte order mark are read back after a SIGKILL like any other, and a journal row that
 * can no longer be read is set aside — logged, counted, shown in event lookup — while every good event is sent.
 */
@Timeout(300)
class PoisonRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private TestDatabase db;
    private Vertx vertx;
    private Receiver receiver;

    @BeforeEach
    void setUp() {
        db = TestDatabase.create();
        vertx = Vertx.vertx();
        receiver = Receiver.start(vertx).hang();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        Await.result(vertx.close());
        db.close();
    }

    private static byte[] withBom(String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Http.Response post(HooklineProcess hookline, String path, byte[] body) {
        return Http.send("POST", hookline.ingestUrl(path), Hookline.INGEST_TOKEN, "application/json", body);
    }

    private static Http.Response admin(HooklineProcess hookline, String method, String path) {
        return Http.json(method, hookline.adminUrl(path), Hookline.ADMIN_TOKEN, null);
    }

    /** What every event is sent before the kill: the receiver holds them, so none has an attempt on record. */
    private List<String> acceptEventsThenKill(HooklineProcess first, String ws, String poison) throws Exception {
        List<String> good = new ArrayList<>();
        JsonObject poisoned = Events.message(ws, Events.uid(), "sent").put("id", poison);
        assertThat(Http.json("POST", first.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, poisoned)
                        .status())
                .isEqualTo(202);
        for (int i = 0; i < 5; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(Http.json("POST", first.ingestUrl("/v1/events"), Hookline.INGEST_TOKEN, event)
                            .status())
                    .isEqualTo(202);
            good.add(event.getString("id"));
        }
        JsonObject inBatch = Events.message(ws, Events.uid(), "received");
        Http.Response batch = post(
                first,
                "/v1/events/batch",
                withBom(new JsonObject()
                        .put("events", new JsonArray().add(inBatch))
                        .encode()));
        assertThat(batch.json().getJsonArray("results").getJsonObject(0).getString("status"))
                .isEqualTo("accepted");
        JsonObject single = Events.message(ws, Events.uid(), "received");
        assertThat(post(first, "/v1/events", withBom(single.encode())).status()).isEqualTo(202);
        good.add(inBatch.getString("id"));
        good.add(single.getString("id"));
        receiver.await(good.size() + 1, WAIT);
        first.kill9();
        return good;
    }

    private void corrupt(String eventId) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "UPDATE events SET body = convert_to('{\"id\": \"torn', 'UTF8') WHERE id = ?")) {
            st.setString(1, eventId);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void afterASigkillEventsWithAByteOrderMarkAreSentAndAnUnreadableRowIsSetAsideNotBlocking() throws Exception {
        String ws = "poison-" + Events.uid().substring(0, 8);
        String poison = "torn-" + Events.uid();
        List<String> good;
        String webhook;
        try (HooklineProcess first =
                HooklineProcess.start("poison-first", db.url(), Map.of("HOOKLINE_DELIVERY_TIMEOUT_MS", "120000"))) {
            assertThat(Http.json(
                                    "PUT",
                                    first.adminUrl("/v1/workspaces/" + ws),
                                    Hookline.ADMIN_TOKEN,
                                    new JsonObject().put("name", ws))
                            .status())
                    .isEqualTo(201);
            webhook = Http.json(
                            "POST",
                            first.adminUrl("/v1/workspaces/" + ws + "/webhooks"),
                            Hookline.ADMIN_TOKEN,
                            new JsonObject().put("url", receiver.url()).put("event_type", "message:new"))
                    .json()
                    .getString("id");
            good = acceptEventsThenKill(first, ws, poison);
        }
        corrupt(poison);
        receiver.healthy();
        int before = receiver.requests().size();

        try (HooklineProcess second = HooklineProcess.start("poison-second", db.url(), Map.of())) {
            for (String id : good) {
                receiver.await(2, r -> id.equals(r.header("webhook-id")), WAIT);
            }
            JsonObject lookup = awaitSkipped(second, ws, poison);
            assertThat(lookup.getString("skip_reason")).isEqualTo("unreadable_event");
            assertThat(receiver.requests(r -> poison.equals(r.header("webhook-id"))))
                    .hasSize(1);
            assertThat(receiver.requests().size() - before).isEqualTo(good.size());
            assertThat(second.log()).contains("can no longer be read");
            assertThat(admin(second, "GET", "/metrics").body())
                    .contains("hookline_events_skipped_total{reason=\"unreadable_event\"} 1");
            // save-and-test reads the most recent message back: the one sent with a byte order mark
            Http.Response test = admin(second, "POST", "/v1/workspaces/" + ws + "/webhooks/" + webhook + "/test");
            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(test.json().getString("event_id")).isEqualTo(good.get(good.size() - 1));
        }
    }

    private static JsonObject awaitSkipped(HooklineProcess hookline, String ws, String eventId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = admin(hookline, "GET", "/v1/workspaces/" + ws + "/events/" + eventId)
                    .json();
            if ("skipped".equals(last.getString("status"))) {
                return last;
            }
            Receiver.sleep(100);
        }
        throw new AssertionError(eventId + " was not set aside: " + last);
    }
}
