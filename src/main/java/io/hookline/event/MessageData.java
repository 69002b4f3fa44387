package io.hookline.event;

import java.time.OffsetDateTime;
import java.util.List;

/** A message event. {@code direction} is {@code sent} or {@code received}. */
public record MessageData(
        String messageUid,
        String direction,
        String origin,
        OffsetDateTime timestamp,
        String text,
        Person sender,
        Person recipient,
        String replyToUid,
        List<Attachment> attachments) {}
