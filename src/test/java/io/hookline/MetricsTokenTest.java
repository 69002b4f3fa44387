package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@code HOOKLINE_METRICS_TOKEN_REQUIRED=true}: {@code /metrics} answers the admin token only, and everything
 * else — no token, a workspace token, an ingest token — with a JSON 401. (Without it, {@link MetricsTest} scrapes with
 * no token.)
 */
class MetricsTokenTest extends IntegrationTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("metrics_token_required", true);
    }

    @Test
    void onlyTheAdminTokenMayScrape() {
        String workspaceToken = hookline.workspaceToken(newWorkspace(), "scraper");

        for (String token : new String[] {null, workspaceToken, Hookline.INGEST_TOKEN, "not-a-token"}) {
            Http.Response refused = Http.json("GET", hookline.adminUrl("/metrics"), token, null);
            assertThat(refused.status()).as("token " + token).isEqualTo(401);
            assertThat(refused.header("content-type")).startsWith("application/json");
            assertThat(refused.errorCode()).isEqualTo("unauthorized");
            assertThat(refused.json().getJsonObject("error").getString("message"))
                    .contains("HOOKLINE_METRICS_TOKEN_REQUIRED");
        }

        Http.Response scraped = Http.json("GET", hookline.adminUrl("/metrics"), Hookline.ADMIN_TOKEN, null);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.header("content-type")).startsWith("text/plain");
        assertThat(scraped.body()).contains("hookline_delivery_queue_depth");
    }

    @Test
    void healthAndReadinessStayOpen() {
        assertThat(Http.json("GET", hookline.adminUrl("/health"), null, null).status())
                .isEqualTo(200);
        assertThat(Http.json("GET", hookline.adminUrl("/ready"), null, null).status())
                .isEqualTo(200);
    }
}
