package io.hookline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reloads land in any order, since each is a query of its own: the cache keeps, per workspace, what the reload that
 * started last read. A full reload (the change feed reconnected) that read the rows before an admin disabled a
 * webhook, and lands after that workspace's own reload, must not bring the webhook back as enabled.
 */
class SubscriptionsOrderTest {

    private final Subscriptions subscriptions = new Subscriptions(null);
    private final UUID id = UUID.randomUUID();

    @Test
    void aFullReloadThatStartedEarlierDoesNotUndoAWorkspaceReloadThatStartedLater() {
        subscriptions.replaceAll(Map.of("ws", List.of(webhook(true))), 1);
        long started = 2; // the full reload reads the enabled webhook...
        subscriptions.replace("ws", List.of(webhook(false)), 3); // ...an admin disables it, its reload lands first

        subscriptions.replaceAll(Map.of("ws", List.of(webhook(true))), started);

        assertThat(subscriptions.get(id).enabled()).isFalse();
    }

    @Test
    void aFullReloadThatStartedLaterReplacesEverything() {
        subscriptions.replace("ws", List.of(webhook(true)), 1);
        subscriptions.replace("other", List.of(webhook(UUID.randomUUID())), 2);

        subscriptions.replaceAll(Map.of("ws", List.of(webhook(false))), 3);

        assertThat(subscriptions.get(id).enabled()).isFalse();
        assertThat(subscriptions.all("other"))
                .as("a workspace the full reload did not find")
                .isEmpty();
    }

    private WebhookRef webhook(boolean enabled) {
        return webhook(id, enabled);
    }

    private static WebhookRef webhook(UUID id) {
        return webhook(id, true);
    }

    private static WebhookRef webhook(UUID id, boolean enabled) {
        return new WebhookRef(
                id,
                "ws",
                "https://example.com/",
                List.of(WebhookEventType.MESSAGE_NEW),
                PayloadFormat.V2,
                enabled,
                "whsec_AAAA",
                0,
                OffsetDateTime.now(),
                OffsetDateTime.now(),
                SubscriptionFilter.NONE,
                0);
    }
}
