package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code hookline_circuit_breakers} counts the breakers of webhooks Hookline may still send to: a webhook that is
 * auto-disabled or deleted stops counting as soon as the change is known, even when nothing more is sent to it (an
 * alert on open breakers must not keep firing for a webhook that was disabled long ago). The log lines about a failing
 * webhook name its receiver by origin only: the secret a receiver hides in its URL stays out of the operator's log.
 */
class BreakerGaugeTest extends IntegrationTest {

    private static final String OPEN = "hookline_circuit_breakers{state=\"open\"}";
    private static final String CLOSED = "hookline_circuit_breakers{state=\"closed\"}";

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("failure_threshold", 2).put("warn_after_failures", 1);
    }

    @Test
    void anAutoDisabledWebhooksOpenBreakerStopsCountingAndTheLogKeepsItsPathOut() {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(io.hookline.delivery.FailurePolicy.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            String ws = newWorkspace();
            Receiver failing = receiver().answer(500);
            String url = failing.url() + "services/T0/B0/s3cr3t-token?key=also-secret";
            String id = hookline.webhook(ws, url, "message:new").getString("id");

            for (int i = 0; i < 3; i++) { // one at a time: the first failure's warning is queued before the disable
                assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "received"))
                                .status())
                        .isEqualTo(202);
                awaitCount(i + 1, "SELECT count(*) FROM attempts WHERE webhook_id = ?", java.util.UUID.fromString(id));
            }
            awaitDisabled(ws, id);

            awaitGauges(0, 0);
            List<String> logged = lines.list.stream()
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains(id))
                    .toList();
            assertThat(logged)
                    .as("the warning and the disable are logged")
                    .anyMatch(line -> line.contains("disabled after 3 consecutive failures"))
                    .anyMatch(line -> line.contains("warning queued"))
                    .allMatch(line -> line.contains("(http://127.0.0.1:" + failing.port() + "/…)"))
                    .noneMatch(line -> line.contains("s3cr3t") || line.contains("also-secret"));
        } finally {
            log.detachAppender(lines);
        }
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
