package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.webhook.WebhookRef;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * The keys a webhook's requests are signed with: its secret, and after a rotation its previous secret until the
 * overlap ends. During the overlap {@code webhook-signature} carries both, new first ({@code v1,<new> v1,<old>}),
 * as Standard Webhooks allows, so a receiver keyed with either secret accepts the request. Keyed once per webhook
 * version and event loop; not thread-safe.
 */
final class SigningKeys {

    private final String secret;
    private final String previousSecret;
    private final Instant previousUntil;
    private final Mac current;
    private final Mac previous;

    private SigningKeys(WebhookRef webhook) {
        this.secret = webhook.secret();
        this.previousSecret = webhook.previousSecret();
        this.previousUntil = webhook.previousSecretExpiresAt() == null
                ? null
                : webhook.previousSecretExpiresAt().toInstant();
        this.current = Signer.keyed(webhook.signingKey());
        byte[] old = previousUntil == null ? null : webhook.previousSigningKey(previousUntil.minusNanos(1));
        this.previous = old == null ? null : Signer.keyed(old);
    }

    static SigningKeys of(WebhookRef webhook) {
        return new SigningKeys(webhook);
    }

    /** Still right for this version of the webhook (same secrets and overlap). */
    boolean fits(WebhookRef webhook) {
        return secret.equals(webhook.secret())
                && Objects.equals(previousSecret, webhook.previousSecret())
                && Objects.equals(
                        previousUntil,
                        webhook.previousSecretExpiresAt() == null
                                ? null
                                : webhook.previousSecretExpiresAt().toInstant());
    }

    /** The {@code webhook-signature} value for a request made at {@code now}. */
    String sign(String messageId, long timestampSeconds, RenderedPayload payload, Instant now) {
        String signature = Signer.sign(current, messageId, timestampSeconds, payload);
        if (previous != null && now.isBefore(previousUntil)) {
            return signature + " " + Signer.sign(previous, messageId, timestampSeconds, payload);
        }
        return signature;
    }
}
