package io.hookline.fanout;

import io.hookline.event.CallData;
import io.hookline.event.CallOutcomes;
import io.hookline.event.IngestEvent;
import io.hookline.event.WebhookEventType;
import java.util.List;

/**
 * CONTRACT §4 as plain code: which webhook event types an event fires, or why it fires nothing. Whether a
 * reaction's message was ever synced needs the journal, so that skip is decided there
 * ({@link #MESSAGE_NOT_SYNCED}); everything else is decided here from the event alone.
 */
public final class EventRules {

  public static final String CALL_NOT_FINAL = "call_not_final";
  public static final String SCHEDULED_CALL = "scheduled_call";
  public static final String MESSAGE_NOT_SYNCED = "message_not_synced";
  public static final String NO_MATCHING_WEBHOOK = "no_matching_webhook";
  /** Fanned out, but every webhook it was meant for was disabled or deleted before it could be sent. */
  public static final String WEBHOOK_DISABLED = "webhook_disabled";

  /** The types an event fires (most general first), or a skip reason with no types. */
  public record Decision(List<WebhookEventType> types, String skipReason) {
    static Decision fire(WebhookEventType... types) {
      return new Decision(List.of(types), null);
    }

    static Decision skip(String reason) {
      return new Decision(List.of(), reason);
    }

    public boolean skipped() {
      return skipReason != null;
    }

    /** The type stored with the event for "most recent event of this type" look-ups: message:new for messages. */
    public WebhookEventType baseType() {
      return types.isEmpty() ? null : types.get(0);
    }
  }

  private EventRules() {
  }

  public static Decision decide(IngestEvent event) {
    return switch (event.kind()) {
      case MESSAGE -> Decision.fire(WebhookEventType.MESSAGE_NEW, "sent".equals(event.message().direction())
          ? WebhookEventType.MESSAGE_SENT_NEW : WebhookEventType.MESSAGE_RECEIVED_NEW);
      case CALL -> decideCall(event.call());
      case REACTION -> Decision.fire(WebhookEventType.MESSAGE_REACTION);
    };
  }

  private static Decision decideCall(CallData call) {
    if (call.scheduled()) {
      return Decision.skip(SCHEDULED_CALL);
    }
    return CallOutcomes.firedType(call.direction(), call.status())
        .map(Decision::fire)
        .orElseGet(() -> Decision.skip(CALL_NOT_FINAL));
  }
}
