package io.hookline.webhook;

import io.hookline.event.IngestEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * An immutable snapshot of one webhook, as cached for fan-out and delivery. {@code enabledSince} marks its current
 * enabled period (creation, re-enabling, or a reset of its failure count). {@code eventTypes} is its subscription in
 * the order given ({@code typeMask} the same as bits, for matching without allocation), {@code filter} its compiled
 * payload filter, {@code reactionWindowMs} its reaction folding window (0: one POST per reaction). After a secret
 * rotation, {@code previousSecret} signs too until {@code previousSecretExpiresAt} (both null without one).
 */
public record WebhookRef(
        UUID id,
        String workspaceId,
        String url,
        List<WebhookEventType> eventTypes,
        int typeMask,
        PayloadFormat format,
        boolean enabled,
        String secret,
        int errorsCounter,
        OffsetDateTime createdAt,
        OffsetDateTime enabledSince,
        SubscriptionFilter filter,
        int reactionWindowMs,
        String previousSecret,
        OffsetDateTime previousSecretExpiresAt,
        long createdSeq) {

    /** As read from its row; {@code createdSeq} 0 when the row has none (created before migration V17). */
    public WebhookRef(
            UUID id,
            String workspaceId,
            String url,
            List<WebhookEventType> eventTypes,
            PayloadFormat format,
            boolean enabled,
            String secret,
            int errorsCounter,
            OffsetDateTime createdAt,
            OffsetDateTime enabledSince,
            SubscriptionFilter filter,
            int reactionWindowMs,
            String previousSecret,
            OffsetDateTime previousSecretExpiresAt,
            long createdSeq) {
        this(
                id,
                workspaceId,
                url,
                List.copyOf(eventTypes),
                mask(eventTypes),
                format,
                enabled,
                secret,
                errorsCounter,
                createdAt,
                enabledSince,
                filter,
                reactionWindowMs,
                previousSecret,
                previousSecretExpiresAt,
                createdSeq);
    }

    public WebhookRef(
            UUID id,
            String workspaceId,
            String url,
            List<WebhookEventType> eventTypes,
            PayloadFormat format,
            boolean enabled,
            String secret,
            int errorsCounter,
            OffsetDateTime createdAt,
            OffsetDateTime enabledSince,
            SubscriptionFilter filter,
            int reactionWindowMs,
            String previousSecret,
            OffsetDateTime previousSecretExpiresAt) {
        this(
                id,
                workspaceId,
                url,
                eventTypes,
                format,
                enabled,
                secret,
                errorsCounter,
                createdAt,
                enabledSince,
                filter,
                reactionWindowMs,
                previousSecret,
                previousSecretExpiresAt,
                0L);
    }

    /** A webhook without a rotation in progress. */
    public WebhookRef(
            UUID id,
            String workspaceId,
            String url,
            List<WebhookEventType> eventTypes,
            PayloadFormat format,
            boolean enabled,
            String secret,
            int errorsCounter,
            OffsetDateTime createdAt,
            OffsetDateTime enabledSince,
            SubscriptionFilter filter,
            int reactionWindowMs) {
        this(
                id,
                workspaceId,
                url,
                eventTypes,
                format,
                enabled,
                secret,
                errorsCounter,
                createdAt,
                enabledSince,
                filter,
                reactionWindowMs,
                null,
                null);
    }

    /**
     * It existed when the event of journal sequence {@code eventSeq} came: its own sequence number, drawn from the
     * journal's when it was created, is lower. Rows from before migration V17 have none and compare times instead
     * ({@code receivedAt} is the accepting instance's clock, {@code createdAt} the database's).
     */
    public boolean existedAt(long eventSeq, OffsetDateTime receivedAt) {
        return existedAt(createdSeq, createdAt, eventSeq, receivedAt);
    }

    /** The rule of {@link #existedAt(long, OffsetDateTime)} for a webhook known only by its creation (one deleted). */
    public static boolean existedAt(
            long createdSeq, OffsetDateTime createdAt, long eventSeq, OffsetDateTime receivedAt) {
        return createdSeq > 0 ? createdSeq < eventSeq : !createdAt.isAfter(receivedAt);
    }

    /** The first type given: the webhook object's {@code event_type}. */
    public WebhookEventType eventType() {
        return eventTypes.get(0);
    }

    /** Subscribed to at least one of {@code fired} (the types an event fires). */
    public boolean subscribesToAny(List<WebhookEventType> fired) {
        for (int i = 0; i < fired.size(); i++) {
            if ((typeMask & bit(fired.get(i))) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code event_type} this webhook's POST of an event carries: of the types the event fires (most general first,
     * see EventRules), the most specific one it subscribes to; null when it subscribes to none of them.
     */
    public WebhookEventType firedType(List<WebhookEventType> fired) {
        for (int i = fired.size() - 1; i >= 0; i--) {
            if ((typeMask & bit(fired.get(i))) != 0) {
                return fired.get(i);
            }
        }
        return null;
    }

    /**
     * Fan-out's verdict for one event and this webhook (enabled or not): the {@code event_type} its POST carries, or
     * null when the webhook does not get the event (none of its types fire, or its filter rejects the event).
     */
    public WebhookEventType typeFor(IngestEvent event, List<WebhookEventType> fired) {
        WebhookEventType type = firedType(fired);
        return type != null && filter.matches(event) ? type : null;
    }

    /** Folds reactions: a reaction it gets waits for the window instead of being sent at once. */
    public boolean folds(WebhookEventType type) {
        return reactionWindowMs > 0 && type == WebhookEventType.MESSAGE_REACTION;
    }

    /** The HMAC key: the base64 part of {@code whsec_...}, decoded (Standard Webhooks). */
    public byte[] signingKey() {
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    /** The previous secret's HMAC key while it still signs at {@code now}, else null. */
    public byte[] previousSigningKey(java.time.Instant now) {
        return previousSecret == null
                        || previousSecretExpiresAt == null
                        || !previousSecretExpiresAt.toInstant().isAfter(now)
                ? null
                : Base64.getDecoder().decode(previousSecret.substring("whsec_".length()));
    }

    private static int bit(WebhookEventType type) {
        return 1 << type.ordinal();
    }

    static int mask(List<WebhookEventType> types) {
        int mask = 0;
        for (WebhookEventType type : types) {
            mask |= bit(type);
        }
        return mask;
    }
}
