package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Verifies {@code HOOKLINE_PUBLIC_URL}: the auto-disable mail links to the API and to the webhook's page in the web
 * console on that address (path prefix included), not to bare paths. (Without it the links are paths: {@link
 * AutoDisableTest}.)
 */
class PublicUrlTest extends IntegrationTest {

    private static final String PUBLIC_URL = "https://hookline.example.test/ops";
    private Mail mail;

    @Override
    protected JsonObject settings() {
        mail = closeLater(Mail.start());
        // a trailing slash is allowed and dropped, so links never get a double one
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", mail.port())
                .put("failure_threshold", 1)
                .put("warn_after_failures", 0)
                .put("public_url", PUBLIC_URL + "/");
    }

    @Test
    void theDisableMailLinksToTheApiAndTheConsoleOnThePublicAddress() throws Exception {
        String ws = newWorkspace();
        Receiver failing = receiver().answer(500);
        String id = hookline.webhook(ws, failing.url(), "message:new").getString("id");
        for (int i = 0; i < 2; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            failing.awaitEvent(event.getString("id"), Duration.ofSeconds(20));
        }

        List<MimeMessage> mails = mail.await(1, 30_000);

        assertThat(mails).hasSize(1);
        String body = Mail.body(mails.get(0));
        String webhook = PUBLIC_URL + "/v1/workspaces/" + ws + "/webhooks/" + id;
        assertThat(body)
                .contains("GET " + webhook + "/log?limit=100")
                .contains("PATCH " + webhook + "   {\"enabled\": true}")
                .contains("POST " + webhook + "/test")
                .contains(PUBLIC_URL + "/console/#/ws/" + ws + "/webhooks/" + id)
                .doesNotContain("{{")
                .doesNotContain("ops//");
    }
}
