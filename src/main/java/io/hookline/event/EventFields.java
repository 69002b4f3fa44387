package io.hookline.event;

import java.io.IOException;
import java.util.List;

/** The top-level fields of one event, read field by field; the bodies ({@code message} …) go to {@link EventBodies}. */
final class EventFields {

    private final EventBodies bodies;
    private String producerId;
    private boolean idGiven;
    private String workspaceId;
    private String type;
    private Chat chat;
    private Account account = Account.UNKNOWN;
    // a required field that is present but null is reported once, by the reader, not again as missing
    private boolean workspaceSeen;
    private boolean typeSeen;
    private boolean chatSeen;

    EventFields(EventBodies bodies) {
        this.bodies = bodies;
    }

    void field(FieldReader f, String name) throws IOException {
        switch (name) {
            case "id" -> {
                idGiven = !f.isNull();
                producerId = f.string("id", false, EventParser.MAX_ID_LENGTH);
            }
            case "workspace_id" -> {
                workspaceSeen = true;
                workspaceId = f.string("workspace_id", true, 64);
            }
            case "type" -> {
                typeSeen = true;
                type = f.oneOf("type", true, List.of("message", "call", "reaction"));
            }
            case "chat" -> {
                chatSeen = true;
                chat = f.object("chat") ? EventParts.chat(f) : null;
                if (chat == null && f.isNull()) {
                    f.add("chat", "is required");
                }
            }
            case "whatsapp_account" -> account = f.object("whatsapp_account") ? EventParts.account(f) : Account.UNKNOWN;
            case "message", "call", "reaction" -> bodies.read(name);
            default -> f.unknown("", name, EventParser.TOP);
        }
    }

    /** The event, or every violation found in it. */
    EventParser.Result result(FieldReader f) {
        if (idGiven && producerId != null && producerId.isEmpty()) {
            f.add("id", "must not be empty when given");
            producerId = null;
        } else if (producerId != null) {
            String why = ProducerIds.unusable(producerId);
            if (why != null) {
                f.add("id", why);
            }
        }
        if (workspaceId != null
                && !EventParser.WORKSPACE_ID.matcher(workspaceId).matches()) {
            f.add("workspace_id", "must be 1..64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        EventParser.requireSeen(f, workspaceSeen, "workspace_id");
        EventParser.requireSeen(f, typeSeen, "type");
        EventParser.requireSeen(f, chatSeen, "chat");
        EventKind kind = EventKind.fromWire(type);
        bodies.check(f, kind);
        if (!f.violations().isEmpty()) {
            return new EventParser.Result(null, List.copyOf(f.violations()), f.count(), producerId, kind);
        }
        return new EventParser.Result(
                new IngestEvent(
                        producerId,
                        workspaceId,
                        kind,
                        chat,
                        account,
                        bodies.message(),
                        bodies.call(),
                        bodies.reaction()),
                List.of(),
                0,
                producerId,
                kind);
    }
}
