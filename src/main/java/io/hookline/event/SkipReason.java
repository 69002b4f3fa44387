package io.hookline.event;

/**
 * Why an accepted event was sent to no webhook, as shown by event lookup. The first three follow from the event alone
 * (firing rules) and are stored with it ({@code events.skip_reason}); the others are found out later, by fan-out or
 * delivery, and stored apart ({@code event_skips}), except an unreadable event, whose journal row is marked.
 */
public enum SkipReason {
    CALL_NOT_FINAL("call_not_final"),
    SCHEDULED_CALL("scheduled_call"),
    MESSAGE_NOT_SYNCED("message_not_synced"),
    /** No enabled webhook of the workspace subscribes to the event's types (checked against the database). */
    NO_MATCHING_WEBHOOK("no_matching_webhook"),
    /** Webhooks subscribe to its types, but the filter of every one of them, rejects it. */
    FILTERED_OUT("filtered_out"),
    /** Fanned out, but every webhook it was meant for was disabled or deleted before it could be sent. */
    WEBHOOK_DISABLED("webhook_disabled"),
    /** The stored event can no longer be read back; it was set aside so it blocks nothing else. */
    UNREADABLE_EVENT("unreadable_event");

    private final String wire;

    SkipReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
