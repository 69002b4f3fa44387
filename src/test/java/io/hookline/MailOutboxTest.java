package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.notify.NotifierVerticle;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Verifies the notification outbox: a mail server that is down delays the auto-disable mail but never loses it;
 * without an SMTP host the notification is stored and logged.
 */
class MailOutboxTest extends IntegrationTest {

    private final int smtpPort = Mail.freePort();

    @Override
    protected JsonObject settings() {
        // the mail server is not running yet
        // about the disable mail alone: no warning before it
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", smtpPort)
                .put("failure_threshold", 2)
                .put("warn_after_failures", 0);
    }

    private String disableOneWebhook(Hookline instance, String ws) {
        Receiver receiver = receiver().answer(500);
        String id = instance.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 3; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(instance.postEvent(event).status()).isEqualTo(202);
            receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20));
        }
        return id;
    }

    private JsonObject notification(Hookline instance, String ws) {
        var data = instance.admin("GET", "/v1/workspaces/" + ws + "/notifications", null)
                .json()
                .getJsonArray("data");
        return data.isEmpty() ? null : data.getJsonObject(0);
    }

    @Test
    void aMailServerThatIsDownDelaysTheMailButNeverLosesIt() throws Exception {
        String ws = newWorkspace();
        disableOneWebhook(hookline, ws);

        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonObject waiting = notification(hookline, ws);
        while ((waiting == null || waiting.getInteger("attempts") < 1) && System.nanoTime() < deadline) {
            Receiver.sleep(100);
            waiting = notification(hookline, ws);
        }
        assertThat(waiting.getString("status")).isEqualTo("pending");
        assertThat(waiting.getInteger("attempts")).isGreaterThanOrEqualTo(1);
        assertThat(waiting.getString("last_error")).isNotBlank();
        assertThat(waiting.getValue("sent_at")).isNull();

        try (Mail mail = Mail.startOn(smtpPort)) {
            assertThat(mail.await(1, 30_000)).hasSize(1);
            assertThat(mail.messages().get(0).getSubject()).contains("Webhook disabled after 3 failed deliveries");
            long until = System.nanoTime() + 10_000_000_000L;
            JsonObject sent = notification(hookline, ws);
            while (!"sent".equals(sent.getString("status")) && System.nanoTime() < until) {
                Receiver.sleep(100);
                sent = notification(hookline, ws);
            }
            assertThat(sent.getString("status")).isEqualTo("sent");
            assertThat(sent.getString("sent_at")).isNotNull();
            // negative check, a fixed window on purpose: no second mail may arrive within it
            Receiver.sleep(1500);
            assertThat(mail.messages()).hasSize(1);
        }
    }

    @Test
    void withoutAnSmtpHostNotificationsAreStoredAndLogged() {
        Logger logger = (Logger) LoggerFactory.getLogger(NotifierVerticle.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        // its own database: the other instance of this class would otherwise share (and try to mail) its outbox
        try (TestDatabase own = TestDatabase.create();
                Hookline noMail = Hookline.start(
                        own.url(), new JsonObject().put("failure_threshold", 2).put("warn_after_failures", 0))) {
            String ws = noMail.workspace("nomail-" + Events.uid().substring(0, 6));
            disableOneWebhook(noMail, ws);

            long deadline = System.nanoTime() + 20_000_000_000L;
            JsonObject stored = notification(noMail, ws);
            while ((stored == null || !"logged".equals(stored.getString("status"))) && System.nanoTime() < deadline) {
                Receiver.sleep(100);
                stored = notification(noMail, ws);
            }
            assertThat(stored.getString("status")).isEqualTo("logged");
            assertThat(stored.getString("to")).isEqualTo("ops-" + ws + "@example.com");
            List<String> lines = logged.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains("not mailed") && line.contains(ws))
                    .toList();
            assertThat(lines)
                    .singleElement()
                    .asString()
                    .contains("(webhook_auto_disabled of webhook " + stored.getString("webhook_id") + ")")
                    .contains("ops-" + ws + "@example.com")
                    .doesNotContain("/hook"); // the receiver's path stays out of the log
        } finally {
            logger.detachAppender(logged);
        }
    }
}
