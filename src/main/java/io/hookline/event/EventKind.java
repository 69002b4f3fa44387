package io.hookline.event;

/** The three kinds of producer events (the {@code type} field of the ingest schema). */
public enum EventKind {
    MESSAGE("message"),
    CALL("call"),
    REACTION("reaction");

    private final String wire;

    EventKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EventKind fromWire(String value) {
        for (EventKind kind : values()) {
            if (kind.wire.equals(value)) {
                return kind;
            }
        }
        return null;
    }
}
