package io.hookline.payload;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A request body rendered once for an (event, type, format) and shared, without copying, by every webhook that
 * receives it. Only the event is stored: the body is rendered again, to the same bytes, when the log is read.
 */
public final class RenderedPayload {

    private final long eventSeq;
    private final String eventId;
    private final WebhookEventType type;
    private final PayloadFormat format;
    private final byte[] bytes;
    private final int length;
    private final Buffer body;

    public RenderedPayload(
            long eventSeq, String eventId, WebhookEventType type, PayloadFormat format, byte[] bytes, int length) {
        this.eventSeq = eventSeq;
        this.eventId = eventId;
        this.type = type;
        this.format = format;
        this.bytes = bytes;
        this.length = length;
        this.body = BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
    }

    public long eventSeq() {
        return eventSeq;
    }

    public String eventId() {
        return eventId;
    }

    public WebhookEventType type() {
        return type;
    }

    public PayloadFormat format() {
        return format;
    }

    /** The bytes to send; shared, so never written to. */
    public Buffer body() {
        return body;
    }

    /** The raw bytes (for signing without a copy): {@code [0, length())}. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }
}
