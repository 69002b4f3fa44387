package io.hookline.event;

import java.util.Arrays;
import java.util.Optional;

/** How a webhook wants message payloads rendered: {@code v2} (default) or the seed's {@code legacy} body. */
public enum PayloadFormat {
    V2("v2"),
    LEGACY("legacy");

    private final String wire;

    PayloadFormat(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<PayloadFormat> fromWire(String value) {
        return Arrays.stream(values()).filter(f -> f.wire.equals(value)).findFirst();
    }
}
