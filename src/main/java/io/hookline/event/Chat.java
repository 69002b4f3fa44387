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

    /** The platforms an event's {@code chat.platform} may name ({@code whatsapp} when absent). */
    public static final java.util.List<String> PLATFORMS = java.util.List.of("whatsapp", "waba");

    public boolean isGroup() {
        return "group".equals(chatType);
    }
}
