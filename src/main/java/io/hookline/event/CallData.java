package io.hookline.event;

import java.time.OffsetDateTime;

/** A call event; {@code duration} is seconds or null when unknown. */
public record CallData(
        String messageUid,
        String direction,
        String status,
        boolean scheduled,
        boolean video,
        Long duration,
        OffsetDateTime timestamp,
        Person caller,
        Person recipient) {}
