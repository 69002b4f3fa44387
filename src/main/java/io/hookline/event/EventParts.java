package io.hookline.event;

import static io.hookline.event.EventParser.LONG;
import static io.hookline.event.EventParser.SHORT;
import static io.hookline.event.EventParser.UID;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The objects inside an event, each read field by field from the current START_OBJECT to its END_OBJECT. */
final class EventParts {

    private static final Set<String> CHAT = Set.of(
            "chat_id",
            "full_name",
            "chat_url",
            "chat_type",
            "platform",
            "phone",
            "responsible_name",
            "responsible_email");
    private static final Set<String> ACCOUNT = Set.of("whatsapp_account_wid", "full_name", "email", "phone");
    private static final Set<String> PERSON = Set.of("full_name", "phone");
    private static final Set<String> REACTION =
            Set.of("message_uid", "action", "emoji", "reactor", "timestamp", "reactions");
    private static final int EMOJI = 64;

    private EventParts() {}

    static Chat chat(FieldReader f) throws IOException {
        Long chatId = null;
        String fullName = null;
        String url = null;
        String chatType = null;
        String platform = null;
        String phone = null;
        String responsibleName = null;
        String responsibleEmail = null;
        boolean idSeen = false;
        boolean typeSeen = false;
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            switch (name) {
                case "chat_id" -> {
                    idSeen = true;
                    chatId = f.integer("chat.chat_id", true, Long.MIN_VALUE);
                }
                case "full_name" -> fullName = f.string("chat.full_name", false, SHORT);
                case "chat_url" -> url = f.string("chat.chat_url", false, LONG);
                case "chat_type" -> {
                    typeSeen = true;
                    chatType = f.oneOf("chat.chat_type", true, List.of("direct", "group"));
                }
                case "platform" -> platform = f.oneOf("chat.platform", false, Chat.PLATFORMS);
                case "phone" -> phone = f.string("chat.phone", false, SHORT);
                case "responsible_name" -> responsibleName = f.string("chat.responsible_name", false, SHORT);
                case "responsible_email" -> responsibleEmail = f.string("chat.responsible_email", false, SHORT);
                default -> f.unknown("chat", name, CHAT);
            }
        }
        EventParser.requireSeen(f, idSeen, "chat.chat_id");
        EventParser.requireSeen(f, typeSeen, "chat.chat_type");
        return chatWithDefaults(chatId, fullName, url, chatType, platform, phone, responsibleName, responsibleEmail);
    }

    /**
     * An absent platform means whatsapp. An absent chat_id is already a violation, so its 0 only fills the record of
     * an event that is refused anyway.
     */
    private static Chat chatWithDefaults(
            Long chatId,
            String fullName,
            String url,
            String chatType,
            String platform,
            String phone,
            String responsibleName,
            String responsibleEmail) {
        return new Chat(
                chatId == null ? 0 : chatId,
                fullName,
                url,
                chatType,
                platform == null ? "whatsapp" : platform,
                phone,
                responsibleName,
                responsibleEmail);
    }

    static Account account(FieldReader f) throws IOException {
        String wid = null;
        String fullName = null;
        String email = null;
        String phone = null;
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            switch (name) {
                case "whatsapp_account_wid" -> wid = f.string("whatsapp_account.whatsapp_account_wid", false, SHORT);
                case "full_name" -> fullName = f.string("whatsapp_account.full_name", false, SHORT);
                case "email" -> email = f.string("whatsapp_account.email", false, SHORT);
                case "phone" -> phone = f.string("whatsapp_account.phone", false, SHORT);
                default -> f.unknown("whatsapp_account", name, ACCOUNT);
            }
        }
        return new Account(wid, fullName, email, phone);
    }

    /** A person object at {@code path}, or null when the value is null (or not an object, which is a violation). */
    static Person person(FieldReader f, String path) throws IOException {
        if (!f.object(path)) {
            return null;
        }
        String fullName = null;
        String phone = null;
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            switch (name) {
                case "full_name" -> fullName = f.string(path + ".full_name", false, SHORT);
                case "phone" -> phone = f.string(path + ".phone", false, SHORT);
                default -> f.unknown(path, name, PERSON);
            }
        }
        return new Person(fullName, phone);
    }

    static ReactionData reaction(FieldReader f) throws IOException {
        String uid = null, action = null, emoji = null;
        Person reactor = null;
        OffsetDateTime timestamp = null;
        Map<String, Long> given = null;
        boolean uidSeen = false, actionSeen = false, timestampSeen = false;
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            switch (name) {
                case "message_uid" -> {
                    uidSeen = true;
                    uid = f.string("reaction.message_uid", true, UID);
                }
                case "action" -> {
                    actionSeen = true;
                    action = f.oneOf("reaction.action", true, List.of("set", "clear"));
                }
                case "emoji" -> emoji = f.string("reaction.emoji", false, EMOJI);
                case "reactor" -> reactor = person(f, "reaction.reactor");
                case "timestamp" -> {
                    timestampSeen = true;
                    timestamp = f.timestamp("reaction.timestamp");
                }
                case "reactions" -> given = givenReactions(f);
                default -> f.unknown("reaction", name, REACTION);
            }
        }
        EventParser.requireSeen(f, uidSeen, "reaction.message_uid");
        EventParser.requireSeen(f, actionSeen, "reaction.action");
        EventParser.requireSeen(f, timestampSeen, "reaction.timestamp");
        return new ReactionData(uid, action, checkedEmoji(f, action, emoji, reactor), reactor, timestamp, given);
    }

    /**
     * {@code emoji} is what was added or removed. A set needs it. A clear by a known reactor may leave it out, or send
     * it empty (WhatsApp reports a removed reaction without its emoji): that reactor's reaction is removed, and the
     * payload says {@code "emoji": null}. An unattributed clear needs it, since the state removes one of that emoji
     * (also when the producer sends its own aggregate, which is kept for the payload only).
     */
    private static String checkedEmoji(FieldReader f, String action, String emoji, Person reactor) {
        if (emoji != null && !emoji.isEmpty()) {
            return emoji;
        }
        if (reported(f, "reaction.emoji")) {
            return null; // sent, but not as a valid string: that is the problem to fix
        }
        if ("set".equals(action)) {
            f.add("reaction.emoji", emoji == null ? "is required" : "must not be empty");
        } else if ("clear".equals(action)
                && ReactionState.reactorKey(reactor) == null
                && !reported(f, "reaction.reactor")) {
            f.add(
                    "reaction.emoji",
                    "is required to clear a reaction without a reactor that has a phone or full_name "
                            + "(it says which one to remove)");
        }
        return null;
    }

    /** Whether {@code field}, or a field inside it, already has a problem reported. */
    private static boolean reported(FieldReader f, String field) {
        return f.violations().stream()
                .anyMatch(v -> v.field().equals(field) || v.field().startsWith(field + "."));
    }

    /** The producer's aggregate: emoji → non-negative whole count (a numeric string such as "2" is accepted). */
    private static Map<String, Long> givenReactions(FieldReader f) throws IOException {
        if (!f.object("reaction.reactions")) {
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String emoji = f.nextField(); emoji != null; emoji = f.nextField()) {
            String field = "reaction.reactions." + emoji;
            String problem = emoji.length() > EMOJI
                    ? "must be at most " + EMOJI + " characters"
                    : FieldReader.storableProblem(emoji);
            Long count = count(f);
            if (problem != null) {
                f.add(field, "is not a usable emoji: " + problem);
            } else if (count == null || count < 0) {
                f.add(field, "must be a whole number of at least 0");
            } else {
                counts.put(emoji, count);
            }
        }
        return counts;
    }

    private static Long count(FieldReader f) throws IOException {
        if (f.parser().currentToken() == JsonToken.VALUE_STRING) {
            String s = f.parser().getText();
            return s.matches("\\d{1,18}") ? Long.valueOf(s) : null;
        }
        Long number = f.wholeNumber();
        if (number == null) {
            f.parser().skipChildren();
        }
        return number;
    }
}
