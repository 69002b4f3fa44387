package io.hookline.webhook;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * An immutable snapshot of one webhook, as cached for fan-out and delivery. {@code enabledSince} marks its current
 * enabled period (creation, re-enabling, or a reset of its failure count). After a secret
 * rotation, {@code previousSecret} signs too until {@code previousSecretExpiresAt} (both null without one).
 */
public record WebhookRef(UUID id, String workspaceId, String url, WebhookEventType eventType, PayloadFormat format,
                         boolean enabled, String secret, int errorsCounter, OffsetDateTime createdAt,
                         OffsetDateTime enabledSince, String previousSecret,
                         OffsetDateTime previousSecretExpiresAt) {

  /** The HMAC key: the base64 part of {@code whsec_...}, decoded (Standard Webhooks). */
  public byte[] signingKey() {
    return Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  /** The previous secret's HMAC key while it still signs at {@code now}, else null. */
  public byte[] previousSigningKey(java.time.Instant now) {
    return previousSecret == null || previousSecretExpiresAt == null
        || !previousSecretExpiresAt.toInstant().isAfter(now) ? null
        : Base64.getDecoder().decode(previousSecret.substring("whsec_".length()));
  }
}
