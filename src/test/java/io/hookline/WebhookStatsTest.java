package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@code GET .../webhooks/{id}/stats} against real attempts: a loopback receiver that
 * answers 200 after 100 ms three times and 500 after 300 ms twice, plus a test send that must not count.
 */
class WebhookStatsTest extends IntegrationTest {

    private String ws;
    private Receiver receiver;
    private String webhookId;
    private String base;

    @BeforeAll
    void knownTraffic() {
        ws = newWorkspace();
        receiver = receiver();
        webhookId = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        base = "/v1/workspaces/" + ws + "/webhooks/" + webhookId;
        receiver.answer(200).delay(100);
        for (int i = 0; i < 3; i++) {
            deliver(ws, webhookId);
        }
        receiver.answer(500).delay(300);
        for (int i = 0; i < 2; i++) {
            deliver(ws, webhookId);
        }
        receiver.answer(200).delay(0);
        Http.Response test = hookline.admin("POST", base + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().getBoolean("test")).isTrue();
    }

    private void deliver(String workspace, String webhook) {
        long before = count("SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid", webhook);
        JsonObject event = Events.message(workspace, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(before + 1, "SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid", webhook);
    }

    private JsonArray stats(String query) {
        Http.Response r = hookline.admin("GET", base + "/stats" + query, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("data");
    }

    @Test
    void theHourOfTheTrafficHoldsItsAttemptsFailuresAndLatencyPercentiles() {
        JsonArray data = stats("");

        long attempts = data.stream()
                .mapToLong(r -> ((JsonObject) r).getLong("attempts"))
                .sum();
        long failures = data.stream()
                .mapToLong(r -> ((JsonObject) r).getLong("failures"))
                .sum();
        assertThat(attempts).as("five deliveries; the test send is not counted").isEqualTo(5);
        assertThat(failures).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid AND test", webhookId))
                .isEqualTo(1);

        // The traffic may straddle an hour boundary: judge every row against the stored attempts of its own hour.
        Map<Instant, List<long[]>> byHour = storedAttemptsByHour(webhookId);
        for (Object o : data) {
            JsonObject row = (JsonObject) o;
            List<long[]> hour = byHour.getOrDefault(Instant.parse(row.getString("at")), List.of());
            assertThat(row.getLong("attempts")).isEqualTo(hour.size());
            assertThat(row.getLong("failures"))
                    .isEqualTo(hour.stream().filter(a -> a[1] == 0).count());
            double[] durations = hour.stream().mapToDouble(a -> a[2]).sorted().toArray();
            assertThat(row.getNumber("p50_ms").doubleValue()).isEqualTo(percentile(durations, 0.5));
            assertThat(row.getNumber("p95_ms").doubleValue()).isEqualTo(percentile(durations, 0.95));
        }
        if (byHour.size() == 1) {
            JsonObject busy = data.getJsonObject(data.size() - 1);
            assertThat(busy.getNumber("p50_ms").doubleValue())
                    .as("median of 3×~100 ms and 2×~300 ms")
                    .isBetween(100.0, 299.0);
            assertThat(busy.getNumber("p95_ms").doubleValue())
                    .as("the slow 500s")
                    .isGreaterThanOrEqualTo(300.0);
        }
    }

    @Test
    void oneRowPerHourOldestFirstEndingWithTheCurrentHourZerosIncluded() {
        Instant hourBefore = Instant.now().truncatedTo(ChronoUnit.HOURS);
        JsonArray data = stats("");
        Instant hourAfter = Instant.now().truncatedTo(ChronoUnit.HOURS);

        assertThat(data).hasSize(24);
        Instant last = Instant.parse(data.getJsonObject(23).getString("at"));
        assertThat(last).isIn(hourBefore, hourAfter);
        assertThat(data.getJsonObject(23).getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\.000Z");
        for (int i = 0; i < 24; i++) {
            assertThat(Instant.parse(data.getJsonObject(i).getString("at")))
                    .isEqualTo(last.minus(23 - i, ChronoUnit.HOURS));
        }
        JsonObject quiet = data.getJsonObject(0);
        assertThat(List.of(quiet.getLong("attempts"), quiet.getLong("failures")))
                .containsExactly(0L, 0L);
        assertThat(List.of(quiet.getValue("p50_ms"), quiet.getValue("p95_ms")))
                .as("zeros, not null")
                .containsExactly(0, 0);
        assertThat(stats("?hours=1")).hasSize(1);
        assertThat(stats("?hours=240")).hasSize(240);
    }

    @Test
    void attemptsAreCountedInTheHourTheyWereMadeAndOnlyInsideTheWindow() {
        Receiver other = receiver();
        String id = hookline.webhook(ws, other.url(), "message:new").getString("id");
        other.answer(200);
        deliver(ws, id);
        other.answer(503);
        deliver(ws, id);
        // Hours cannot be waited for: move the two real attempts back in time, one 5 hours and one 30 hours.
        rows(
                "WITH moved AS (UPDATE attempts SET attempted_at = attempted_at - CASE WHEN success THEN interval '5 hours' "
                        + "ELSE interval '30 hours' END WHERE webhook_id = ?::uuid RETURNING 1) SELECT count(*) FROM moved",
                id);
        String path = "/v1/workspaces/" + ws + "/webhooks/" + id + "/stats";

        JsonArray day = hookline.admin("GET", path, null).json().getJsonArray("data");
        JsonArray twoDays =
                hookline.admin("GET", path + "?hours=48", null).json().getJsonArray("data");

        assertThat(totals(day)).containsExactly(1L, 0L);
        assertThat(totals(twoDays)).containsExactly(2L, 1L);
        Map<Instant, List<long[]>> byHour = storedAttemptsByHour(id);
        for (Object o : twoDays) {
            JsonObject row = (JsonObject) o;
            assertThat(row.getLong("attempts"))
                    .as(row.getString("at"))
                    .isEqualTo(byHour.getOrDefault(Instant.parse(row.getString("at")), List.of())
                            .size());
        }
    }

    @Test
    void hoursOutside1To240AreRefusedNamingTheField() {
        // "%D9%A2" is the Arabic-Indic digit two, which Integer.parseInt reads as 2; "2&hours=3" gives it twice
        for (String hours : List.of("0", "241", "-3", "day", "1.5", "%D9%A2", "+2", "2&hours=3")) {
            Http.Response r = hookline.admin("GET", base + "/stats?hours=" + hours, null);
            assertThat(r.status()).as(hours).isEqualTo(422);
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo("hours");
        }
    }

    @Test
    void statsFollowTheWebhookAccessRules() {
        String otherWs = newWorkspace();
        String otherToken = hookline.workspaceToken(otherWs, "other-team");
        String ownToken = hookline.workspaceToken(ws, "own-team");

        assertThat(Http.json("GET", hookline.adminUrl(base + "/stats"), ownToken, null)
                        .status())
                .isEqualTo(200);
        Http.Response foreign = Http.json("GET", hookline.adminUrl(base + "/stats"), otherToken, null);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).doesNotContain(webhookId);
        assertThat(hookline.admin("GET", "/v1/workspaces/" + otherWs + "/webhooks/" + webhookId + "/stats", null)
                        .status())
                .as("another workspace's webhook")
                .isEqualTo(404);
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + UUID.randomUUID() + "/stats", null)
                        .status())
                .isEqualTo(404);
        assertThat(Http.json("GET", hookline.adminUrl(base + "/stats"), null, null)
                        .status())
                .isEqualTo(401);
    }

    /** [attempts, failures] over all rows. */
    private static List<Long> totals(JsonArray data) {
        long attempts = 0;
        long failures = 0;
        for (Object o : data) {
            attempts += ((JsonObject) o).getLong("attempts");
            failures += ((JsonObject) o).getLong("failures");
        }
        return List.of(attempts, failures);
    }

    /** Non-test attempts as [epoch ms, success 1/0, duration ms], keyed by their UTC hour. */
    private Map<Instant, List<long[]>> storedAttemptsByHour(String webhook) {
        Map<Instant, List<long[]>> byHour = new TreeMap<>();
        for (Map<String, Object> r : rows(
                "SELECT (extract(epoch FROM attempted_at) * 1000)::bigint AS at_ms, success, "
                        + "duration_ms FROM attempts WHERE webhook_id = ?::uuid AND NOT test",
                webhook)) {
            long at = ((Number) r.get("at_ms")).longValue();
            Instant hour = Instant.ofEpochMilli(at).truncatedTo(ChronoUnit.HOURS);
            byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(new long[] {
                at, Boolean.TRUE.equals(r.get("success")) ? 1 : 0, ((Number) r.get("duration_ms")).longValue()
            });
        }
        return byHour;
    }

    /** PostgreSQL's percentile_cont (linear interpolation), rounded to 0.1 ms as the endpoint does; 0 if empty. */
    private static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        double position = fraction * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double value = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
        return Math.round(value * 10) / 10.0;
    }
}
