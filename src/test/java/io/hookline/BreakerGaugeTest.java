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

/**
 * {@code hookline_circuit_breakers} counts the breakers of webhooks Hookline may still send to: a webhook that is
 * auto-disabled or deleted stops counting as soon as the change is known, even when nothing more is sent to it (an
 * alert on open breakers must not keep firing for a webhook that was disabled long ago).
 */
class BreakerGaugeTest extends IntegrationTest {

    private static final String OPEN = "hookline_circuit_breakers{state=\"open\"}";
    private static final String CLOSED = "hookline_circuit_breakers{state=\"closed\"}";

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("failure_threshold", 2).put("warn_after_failures", 0);
    }

    @Test
    void anAutoDisabledWebhooksOpenBreakerStopsCounting() {
        String ws = newWorkspace();
        Receiver failing = receiver().answer(500);
        String id = hookline.webhook(ws, failing.url(), "message:new").getString("id");

        for (int i = 0; i < 3; i++) {
            assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "received"))
                            .status())
                    .isEqualTo(202);
        }
        awaitDisabled(ws, id);

        awaitGauges(0, 0);
    }

    @Test
    void aDeletedWebhooksBreakerStopsCounting() {
        String ws = newWorkspace();
        Receiver ok = receiver();
        String kept = hookline.webhook(ws, ok.url(), "message:new").getString("id");
        String deleted = hookline.webhook(ws, ok.url() + "2", "message:new").getString("id");
        assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "received"))
                        .status())
                .isEqualTo(202);
        ok.await(2, Duration.ofSeconds(20));
        awaitGauges(0, 2);

        Http.Response gone = hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + deleted, null);
        assertThat(gone.status()).isEqualTo(204);

        awaitGauges(0, 1);
        hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + kept, null);
        awaitGauges(0, 0);
    }

    private void awaitDisabled(String ws, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject webhook = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                    .json();
            if (!webhook.getBoolean("enabled")) {
                return;
            }
            Receiver.sleep(50);
        }
        throw new AssertionError("the webhook was not auto-disabled within 20 s");
    }

    /** Waits up to 5 s for the breaker gauges to read {@code open} and {@code closed}. */
    private void awaitGauges(double open, double closed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String scrape = "";
        while (System.nanoTime() < deadline) {
            scrape = Http.json("GET", hookline.adminUrl("/metrics"), null, null).body();
            if (value(scrape, OPEN) == open && value(scrape, CLOSED) == closed) {
                return;
            }
            Receiver.sleep(50);
        }
        assertThat(new double[] {value(scrape, OPEN), value(scrape, CLOSED)})
                .as("open and closed breakers")
                .containsExactly(open, closed);
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
