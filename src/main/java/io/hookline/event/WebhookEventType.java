package io.hookline.event;

import java.util.Arrays;
import java.util.Optional;

/** The webhook event types a webhook can subscribe to (docs/api.md, what fires). */
public enum WebhookEventType {
    MESSAGE_NEW("message:new", "A message was sent or received in any connected WhatsApp account.", true),
    MESSAGE_SENT_NEW("message:sent:new", "A message was sent from a connected WhatsApp account.", true),
    MESSAGE_RECEIVED_NEW("message:received:new", "A message was received by a connected WhatsApp account.", true),
    CALL_INCOMING_MISSED("call:incoming:missed", "An incoming WhatsApp call ended without being answered.", false),
    CALL_INCOMING_ENDED(
            "call:incoming:ended", "An incoming WhatsApp call ended after being answered or declined.", false),
    CALL_OUTGOING_ENDED(
            "call:outgoing:ended",
            "An outgoing WhatsApp call ended (answered, no answer, or rejected by the recipient).",
            false),
    MESSAGE_REACTION("message:reaction", "An emoji reaction was added to or removed from a synced message.", false);

    private final String wire;
    private final String description;
    private final boolean messageType;

    WebhookEventType(String wire, String description, boolean messageType) {
        this.wire = wire;
        this.description = description;
        this.messageType = messageType;
    }

    public String wire() {
        return wire;
    }

    public String description() {
        return description;
    }

    /** Message types may use the {@code legacy} payload format; the others only {@code v2}. */
    public boolean isMessageType() {
        return messageType;
    }

    public static Optional<WebhookEventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
