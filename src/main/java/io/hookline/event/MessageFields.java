package io.hookline.event;

import static io.hookline.event.EventParser.LONG;
import static io.hookline.event.EventParser.SHORT;
import static io.hookline.event.EventParser.UID;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code message} object of an event, read field by field, with its attachments. */
final class MessageFields {

    private static final Set<String> MESSAGE = Set.of(
            "message_uid",
            "direction",
            "origin",
            "timestamp",
            "text",
            "sender",
            "recipient",
            "reply_to_uid",
            "attachments");
    private static final Set<String> ATTACHMENT = Set.of("download_url", "filename", "size", "mimetype");

    private String uid;
    private String direction;
    private String origin;
    private OffsetDateTime timestamp;
    private String text;
    private Person sender;
    private Person recipient;
    private String replyTo;
    private List<Attachment> attachments = List.of();
    // a required field that is present but null is reported once, by the reader, not again as missing
    private boolean uidSeen;
    private boolean directionSeen;
    private boolean timestampSeen;

    private MessageFields() {}

    static MessageData read(FieldReader f) throws IOException {
        MessageFields m = new MessageFields();
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            m.field(f, name);
        }
        EventParser.requireSeen(f, m.uidSeen, "message.message_uid");
        EventParser.requireSeen(f, m.directionSeen, "message.direction");
        EventParser.requireSeen(f, m.timestampSeen, "message.timestamp");
        return new MessageData(
                m.uid, m.direction, m.origin, m.timestamp, m.text, m.sender, m.recipient, m.replyTo, m.attachments);
    }

    private void field(FieldReader f, String name) throws IOException {
        switch (name) {
            case "message_uid" -> {
                uidSeen = true;
                uid = f.string("message.message_uid", true, UID);
            }
            case "direction" -> {
                directionSeen = true;
                direction = f.oneOf("message.direction", true, List.of("sent", "received"));
            }
            case "origin" -> origin = f.string("message.origin", false, SHORT);
            case "timestamp" -> {
                timestampSeen = true;
                timestamp = f.timestamp("message.timestamp");
            }
            case "text" -> text = f.string("message.text", false, Integer.MAX_VALUE);
            case "sender" -> sender = EventParts.person(f, "message.sender");
            case "recipient" -> recipient = EventParts.person(f, "message.recipient");
            case "reply_to_uid" -> replyTo = f.string("message.reply_to_uid", false, UID);
            case "attachments" -> attachments = attachments(f);
            default -> f.unknown("message", name, MESSAGE);
        }
    }

    private static List<Attachment> attachments(FieldReader f) throws IOException {
        if (!f.array("message.attachments")) {
            return List.of();
        }
        List<Attachment> result = new ArrayList<>(2);
        int i = 0;
        for (JsonToken t = f.parser().nextToken();
                t != JsonToken.END_ARRAY;
                t = f.parser().nextToken(), i++) {
            String path = "message.attachments[" + i + "]";
            if (t != JsonToken.START_OBJECT) {
                f.add(path, "must be an object");
                f.parser().skipChildren();
                continue;
            }
            result.add(attachment(f, path));
        }
        return result;
    }

    private static Attachment attachment(FieldReader f, String path) throws IOException {
        String url = null;
        String filename = null;
        Long size = null;
        String mimetype = null;
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            switch (name) {
                case "download_url" -> url = f.string(path + ".download_url", false, LONG);
                case "filename" -> filename = f.string(path + ".filename", false, SHORT);
                case "size" -> size = f.integer(path + ".size", false, 0);
                case "mimetype" -> mimetype = f.string(path + ".mimetype", false, SHORT);
                default -> f.unknown(path, name, ATTACHMENT);
            }
        }
        return new Attachment(url, filename, size, mimetype);
    }
}
