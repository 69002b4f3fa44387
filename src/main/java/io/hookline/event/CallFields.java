package io.hookline.event;

import static io.hookline.event.EventParser.UID;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** The {@code call} object of an event, read field by field; direction and status must be a possible pair. */
final class CallFields {

    private static final Set<String> CALL = Set.of(
            "message_uid",
            "direction",
            "status",
            "scheduled",
            "is_video",
            "duration",
            "timestamp",
            "caller",
            "recipient");

    private String uid;
    private String direction;
    private String status;
    private Boolean scheduled;
    private Boolean video;
    private Long duration;
    private OffsetDateTime timestamp;
    private Person caller;
    private Person recipient;
    // a required field that is present but null is reported once, by the reader, not again as missing
    private boolean uidSeen;
    private boolean directionSeen;
    private boolean statusSeen;
    private boolean timestampSeen;

    private CallFields() {}

    static CallData read(FieldReader f) throws IOException {
        CallFields c = new CallFields();
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            c.field(f, name);
        }
        EventParser.requireSeen(f, c.uidSeen, "call.message_uid");
        EventParser.requireSeen(f, c.directionSeen, "call.direction");
        EventParser.requireSeen(f, c.statusSeen, "call.status");
        EventParser.requireSeen(f, c.timestampSeen, "call.timestamp");
        if (c.direction != null && c.status != null && !CallOutcomes.isValidPair(c.direction, c.status)) {
            f.add(
                    "call.status",
                    "'" + c.status + "' is not possible for an " + c.direction + " call; allowed: "
                            + String.join(", ", CallOutcomes.statusesFor(c.direction)));
        }
        return new CallData(
                c.uid,
                c.direction,
                c.status,
                Boolean.TRUE.equals(c.scheduled),
                Boolean.TRUE.equals(c.video),
                c.duration,
                c.timestamp,
                c.caller,
                c.recipient);
    }

    private void field(FieldReader f, String name) throws IOException {
        switch (name) {
            case "message_uid" -> {
                uidSeen = true;
                uid = f.string("call.message_uid", true, UID);
            }
            case "direction" -> {
                directionSeen = true;
                direction = f.oneOf("call.direction", true, List.of("incoming", "outgoing"));
            }
            case "status" -> {
                statusSeen = true;
                status = f.oneOf("call.status", true, CallOutcomes.STATUSES);
            }
            case "scheduled" -> scheduled = f.bool("call.scheduled");
            case "is_video" -> video = f.bool("call.is_video");
            case "duration" -> duration = f.integer("call.duration", false, 0);
            case "timestamp" -> {
                timestampSeen = true;
                timestamp = f.timestamp("call.timestamp");
            }
            case "caller" -> caller = EventParts.person(f, "call.caller");
            case "recipient" -> recipient = EventParts.person(f, "call.recipient");
            default -> f.unknown("call", name, CALL);
        }
    }
}
