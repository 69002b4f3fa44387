package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Verifies that {@code GET /metrics} exposes the named series and that their values move with the traffic. */
class MetricsTest extends IntegrationTest {

    private String scrape() {
        Http.Response r = Http.json("GET", hookline.adminUrl("/metrics"), null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/plain");
        return r.body();
    }

    /** The value of one series (exact name with labels), 0 when it is not there yet. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theNamedSeriesAreExposedAndMoveWithTraffic() {
        String before = scrape();
        String ws = newWorkspace();
        Receiver ok = receiver();
        Receiver failing = receiver().answer(503);
        hookline.webhook(ws, ok.url(), "message:new");
        hookline.webhook(ws, failing.url(), "message:sent:new");
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        hookline.postEvent(event);
        hookline.postEvent(event);
        JsonObject invalid = Events.call(ws, "incoming", "No Answer");
        hookline.postEvent(invalid);
        hookline.postEvent(Events.call(ws, "incoming", "Ringing"));
        ok.await(1, Duration.ofSeconds(20));
        failing.await(1, Duration.ofSeconds(20));
        awaitCount(2, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        String after = scrape();

        for (String[] moved : new String[][] {
            {"hookline_events_total{outcome=\"accepted\",type=\"message\"}", "1"},
            {"hookline_events_total{outcome=\"duplicate\",type=\"message\"}", "1"},
            {"hookline_events_total{outcome=\"rejected\",type=\"call\"}", "1"},
            {"hookline_events_total{outcome=\"accepted\",type=\"call\"}", "1"},
            {"hookline_events_skipped_total{reason=\"call_not_final\"}", "1"},
            {"hookline_deliveries_total{outcome=\"success\"}", "1"},
            {"hookline_deliveries_total{outcome=\"failure\"}", "1"},
            {"hookline_delivery_duration_seconds_count", "2"},
            {"hookline_ingest_to_delivery_seconds_count", "2"},
            {"hookline_journal_batch_size_count", "3"},
            {"hookline_journal_commit_seconds_count", "3"}
        }) {
            assertThat(value(after, moved[0]) - value(before, moved[0]))
                    .as(moved[0])
                    .isGreaterThanOrEqualTo(Double.parseDouble(moved[1]));
        }
        assertThat(after)
                .contains("hookline_delivery_duration_seconds_bucket{")
                .contains("hookline_ingest_to_delivery_seconds_bucket{")
                .contains("hookline_delivery_queue_depth ")
                .contains("hookline_deliveries_in_flight ")
                .contains("hookline_pending_events_in_memory ")
                .contains("hookline_circuit_breakers{state=\"open\"}")
                .contains("hookline_circuit_breakers{state=\"closed\"}")
                .contains("vertx_pool_in_use{pool_name=\"hookline\",pool_type=\"sql\"}");
        assertThat(value(after, "hookline_circuit_breakers{state=\"closed\"}")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void noTokenOrSecretAppearsInTheMetrics() {
        String ws = newWorkspace();
        String secret = hookline.webhook(ws, receiver().url(), "message:new").getString("secret");
        assertThat(scrape())
                .doesNotContain(secret)
                .doesNotContain("test-admin-token")
                .doesNotContain("test-ingest-token");
    }
}
