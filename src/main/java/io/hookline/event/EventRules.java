package io.hookline.event;

import java.util.List;

/**
 * The firing rules as plain code: which webhook event types an event fires, or why it fires nothing. Whether a
 * reaction's message was ever synced needs the journal, so that skip is decided there
 * ({@link SkipReason#MESSAGE_NOT_SYNCED}); everything else is decided here from the event alone.
 */
public final class EventRules {

    /** The types an event fires (most general first), or a skip reason with no types. */
    public record Decision(List<WebhookEventType> types, SkipReason skipReason) {

        private static final Decision SENT = fire(WebhookEventType.MESSAGE_NEW, WebhookEventType.MESSAGE_SENT_NEW);
        private static final Decision RECEIVED =
                fire(WebhookEventType.MESSAGE_NEW, WebhookEventType.MESSAGE_RECEIVED_NEW);
        private static final Decision REACTION = fire(WebhookEventType.MESSAGE_REACTION);

        static Decision fire(WebhookEventType... types) {
            return new Decision(List.of(types), null);
        }

        static Decision skip(SkipReason reason) {
            return new Decision(List.of(), reason);
        }

        public boolean skipped() {
            return skipReason != null;
        }

        /** The type stored with the event for "most recent event of this type" look-ups: message:new for messages. */
        public WebhookEventType baseType() {
            return types.isEmpty() ? null : types.get(0);
        }
    }

    private EventRules() {}

    public static Decision decide(IngestEvent event) {
        return switch (event.kind()) {
            case MESSAGE -> "sent".equals(event.message().direction()) ? Decision.SENT : Decision.RECEIVED;
            case CALL -> decideCall(event.call());
            case REACTION -> Decision.REACTION;
        };
    }

    private static Decision decideCall(CallData call) {
        if (call.scheduled()) {
            return Decision.skip(SkipReason.SCHEDULED_CALL);
        }
        return CallOutcomes.firedType(call.direction(), call.status())
                .map(Decision::fire)
                .orElseGet(() -> Decision.skip(SkipReason.CALL_NOT_FINAL));
    }
}
