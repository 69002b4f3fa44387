package io.hookline.event;

/** The chat an event belongs to. {@code chatType} is {@code direct} or {@code group}. */
public record Chat(
        long chatId,
        String fullName,
        String chatUrl,
        String chatType,
        String platform,
        String phone,
        String responsibleName,
        String responsibleEmail) {

    public boolean isGroup() {
        return "group".equals(chatType);
    }
}
