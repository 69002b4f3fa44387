package io.hookline.event;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code message}, {@code call} and {@code reaction} bodies of one event. They may come before the
 * {@code type} that says which one belongs, so each is read with its own list of violations, and only the one
 * matching the type counts; any other body present is one violation of its own.
 */
final class EventBodies {

    private final JsonParser p;
    private final Map<String, FieldReader> readers = new HashMap<>(2);
    private MessageData message;
    private CallData call;
    private ReactionData reaction;

    EventBodies(JsonParser parser) {
        this.p = parser;
    }

    void read(String name) throws IOException {
        FieldReader f = new FieldReader(p);
        readers.put(name, f);
        if (!f.object(name)) {
            if (f.isNull()) {
                readers.remove(name);
            }
            return;
        }
        switch (name) {
            case "message" -> message = MessageFields.read(f);
            case "call" -> call = CallFields.read(f);
            default -> reaction = EventParts.reaction(f);
        }
    }

    /** Adds the violations that matter for {@code kind} (null when the type itself was invalid or missing). */
    void check(FieldReader f, EventKind kind) {
        for (EventKind other : EventKind.values()) {
            if (other != kind && readers.containsKey(other.wire())) {
                f.add(
                        other.wire(),
                        kind == null
                                ? "is not expected without a valid type"
                                : "must not be present when type is '" + kind.wire() + "'");
            }
        }
        if (kind == null) {
            return;
        }
        FieldReader body = readers.get(kind.wire());
        if (body == null) {
            f.add(kind.wire(), "is required");
        } else {
            f.addAll(body);
        }
    }

    MessageData message() {
        return message;
    }

    CallData call() {
        return call;
    }

    ReactionData reaction() {
        return reaction;
    }
}
