package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies secret rotation with overlap: during the overlap every request carries {@code v1,<new>
 * v1,<old>}, and the Standard Webhooks library (an independent verifier) accepts it keyed with either secret; after
 * the overlap only the new secret signs. The rotation is audited without any secret.
 */
class SecretRotationTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static void verify(String secret, Receiver.Request request) throws WebhookVerificationException {
        Map<String, List<String>> headers = Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature")));
        new Webhook(secret)
                .verify(
                        new String(request.body(), StandardCharsets.UTF_8),
                        HttpHeaders.of(headers, (name, value) -> true));
    }

    private Receiver.Request deliver(String ws, Receiver receiver) {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        return receiver.awaitEvent(event.getString("id"), WAIT);
    }

    @Test
    void duringTheOverlapBothSecretsVerifyAndAfterItOnlyTheNewOne() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id");
        String oldSecret = webhook.getString("secret");

        Http.Response rotated =
                hookline.admin("POST", path + "/secret/rotate", new JsonObject().put("overlap_seconds", 3));

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().getString("secret");
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.json().getString("id")).isEqualTo(webhook.getString("id"));
        Instant expires = Instant.parse(rotated.json().getString("previous_secret_expires_at"));
        assertThat(expires)
                .isBetween(Instant.now().plusSeconds(1), Instant.now().plusSeconds(4));
        assertThat(hookline.admin("GET", path + "/secret", null).json().getString("secret"))
                .isEqualTo(newSecret);

        Receiver.Request during = deliver(ws, receiver);
        String[] signatures = during.header("webhook-signature").split(" ");
        assertThat(signatures).hasSize(2);
        verify(newSecret, during);
        verify(oldSecret, during);
        assertThat(new Webhook(newSecret)
                        .sign(
                                during.header("webhook-id"),
                                Long.parseLong(during.header("webhook-timestamp")),
                                during.bodyText()))
                .isEqualTo(signatures[0]);

        while (Instant.now().isBefore(expires.plusMillis(200))) {
            Receiver.sleep(50);
        }
        Receiver.Request after = deliver(ws, receiver);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        verify(newSecret, after);
        assertThatThrownBy(() -> verify(oldSecret, after)).isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void theRotationIsAuditedWithoutAnySecretAndTheOverlapIsChecked() {
        String ws = newWorkspace();
        JsonObject webhook = hookline.webhook(ws, receiver().url(), "message:new");
        String path = "/v1/workspaces/" + ws + "/webhooks/" + webhook.getString("id");

        Http.Response rotated = hookline.admin("POST", path + "/secret/rotate", null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        Instant expires = Instant.parse(rotated.json().getString("previous_secret_expires_at"));
        assertThat(expires)
                .isBetween(Instant.now().plusSeconds(86_300), Instant.now().plusSeconds(86_500));

        JsonObject audit = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(audit.getString("action")).isEqualTo("webhook.secret_rotated");
        assertThat(audit.getString("webhook_id")).isEqualTo(webhook.getString("id"));
        assertThat(audit.encode()).doesNotContain("whsec_");

        for (Object bad : List.of(-1, 604_801, "1", 1.5)) {
            Http.Response r =
                    hookline.admin("POST", path + "/secret/rotate", new JsonObject().put("overlap_seconds", bad));
            assertThat(r.status()).as(String.valueOf(bad)).isEqualTo(422);
            assertThat(r.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo("overlap_seconds");
        }
        assertThat(hookline.admin(
                                "POST",
                                "/v1/workspaces/" + ws + "/webhooks/" + java.util.UUID.randomUUID() + "/secret/rotate",
                                null)
                        .status())
                .isEqualTo(404);
    }
}
