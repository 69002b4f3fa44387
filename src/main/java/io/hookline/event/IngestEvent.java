package io.hookline.event;

/**
 * A validated producer event. Exactly one of {@code message}, {@code call}, {@code reaction} is set, matching
 * {@code kind}.
 */
public record IngestEvent(
        String producerId,
        String workspaceId,
        EventKind kind,
        Chat chat,
        Account account,
        MessageData message,
        CallData call,
        ReactionData reaction) {

    /** The uid of the message, the call, or (for a reaction) the message reacted to. */
    public String messageUid() {
        return switch (kind) {
            case MESSAGE -> message.messageUid();
            case CALL -> call.messageUid();
            case REACTION -> reaction.messageUid();
        };
    }
}
