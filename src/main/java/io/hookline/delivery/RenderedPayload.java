package io.hookline.delivery;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body rendered once for an (event, type, format) and shared by every webhook that receives it. The
 * body is stored once too: the first attempt written claims it.
 */
public final class RenderedPayload {

  private final long eventSeq;
  private final String eventId;
  private final WebhookEventType type;
  private final PayloadFormat format;
  private final Buffer body;
  private final AtomicBoolean stored;

  public RenderedPayload(long eventSeq, String eventId, WebhookEventType type, PayloadFormat format, Buffer body,
                         boolean alreadyStored) {
    this.eventSeq = eventSeq;
    this.eventId = eventId;
    this.type = type;
    this.format = format;
    this.body = body;
    this.stored = new AtomicBoolean(alreadyStored);
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

  public Buffer body() {
    return body;
  }

  /** True exactly once: for the writer that stores the body. */
  public boolean claimStore() {
    return stored.compareAndSet(false, true);
  }
}
