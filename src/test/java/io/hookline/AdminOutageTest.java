package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the admin listener answers 503 {@code storage_unavailable}, as ingest does, while PostgreSQL itself
 * refuses connections to Hookline's database (here: {@code ALLOW_CONNECTIONS false}, the same answer class as a
 * dropped database or a pg_hba refusal), not a 500 "something went wrong on our side"; and that it works again by
 * itself once the database accepts connections.
 */
class AdminOutageTest extends IntegrationTest {

    @Test
    void adminCallsAre503WhileTheDatabaseRefusesConnectionsAndWorkAgainAfter() {
        String ws = newWorkspace();
        JsonObject webhook =
                new JsonObject().put("url", "http://127.0.0.1:9/hook").put("event_type", "message:new");
        db.refuseConnections(true);
        try {
            for (int round = 0;
                    round < 3;
                    round++) { // the first calls may meet the ended connections, later ones the refusal
                for (String[] call : new String[][] {
                    {"GET", "/v1/workspaces"}, {"GET", "/v1/workspaces/" + ws + "/audit"},
                    {"GET", "/v1/workspaces/" + ws + "/notifications"}, {"POST", "/v1/workspaces/" + ws + "/webhooks"}
                }) {
                    Http.Response r = hookline.admin(call[0], call[1], "POST".equals(call[0]) ? webhook : null);
                    assertThat(r.status())
                            .as(call[0] + " " + call[1] + ": " + r.body())
                            .isEqualTo(503);
                    assertThat(r.errorCode()).isEqualTo("storage_unavailable");
                }
            }
        } finally {
            db.refuseConnections(false);
        }
        Await.until(
                "the admin listener works again",
                Duration.ofSeconds(30),
                () -> hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null)
                                .status()
                        == 200);
        Http.Response created = hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks", webhook);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
