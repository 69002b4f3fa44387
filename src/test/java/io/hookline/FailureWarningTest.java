package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies the warning before a disable: when a webhook's failures in a row reach
 * {@code HOOKLINE_WARN_AFTER_FAILURES} (here 3, threshold 10), one {@code webhook_failing} notification is queued and
 * mailed, once per failure run; a success ends the run, and the next run that gets there warns again.
 */
class FailureWarningTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Mail mail;

    @Override
    protected JsonObject settings() {
        mail = closeLater(Mail.start());
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", mail.port())
                .put("warn_after_failures", 3);
    }

    private void deliverOne(String ws, Receiver receiver) {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        receiver.awaitEvent(event.getString("id"), WAIT);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", event.getString("id"));
    }

    private JsonArray warnings(String ws) {
        JsonArray all = hookline.admin("GET", "/v1/workspaces/" + ws + "/notifications", null)
                .json()
                .getJsonArray("data");
        return new JsonArray(all.stream()
                .filter(n -> "webhook_failing".equals(((JsonObject) n).getString("kind")))
                .toList());
    }

    @Test
    void oneWarningPerFailureRunSayingWhatFailsAndHowToLook() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(503);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");

        for (int i = 0; i < 2; i++) {
            deliverOne(ws, receiver);
        }
        assertThat(warnings(ws)).isEmpty();
        for (int i = 0; i < 4; i++) {
            deliverOne(ws, receiver);
        }
        assertThat(warnings(ws)).hasSize(1);
        JsonObject warning = warnings(ws).getJsonObject(0);
        assertThat(warning.getString("webhook_id")).isEqualTo(id);
        assertThat(warning.getString("to")).isEqualTo("ops-" + ws + "@example.com");

        List<MimeMessage> mails = mail.await(1, 20_000).stream()
                .filter(m -> Mail.body(m).contains(id))
                .toList();
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject())
                .isEqualTo(warning.getString("subject"))
                .contains("3 failed")
                .contains(receiver.url());
        assertThat(Mail.body(mails.get(0)))
                .contains(receiver.url())
                .contains("HTTP 503")
                .contains("message:new")
                .contains("/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts?limit=20")
                .contains("/v1/workspaces/" + ws + "/webhooks/" + id + "/log?limit=100")
                .contains("/console/#/ws/" + ws + "/webhooks/" + id)
                .doesNotContain("{{");

        // a success ends the run; the next run warns again once it reaches 3
        receiver.answer(200);
        deliverOne(ws, receiver);
        receiver.answer(500);
        for (int i = 0; i < 3; i++) {
            deliverOne(ws, receiver);
        }
        assertThat(warnings(ws)).hasSize(2);
        JsonObject state = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
        assertThat(state.getBoolean("enabled")).isTrue();
        assertThat(state.getInteger("errors_counter")).isEqualTo(3);
    }
}
