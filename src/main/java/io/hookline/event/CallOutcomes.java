package io.hookline.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The firing table for calls: which direction/status pairs exist and which webhook event type each one
 * fires. {@code Ringing} is a valid pair in both directions but fires nothing; any pair not listed is invalid.
 */
public final class CallOutcomes {

    public static final String RINGING = "Ringing";
    public static final List<String> STATUSES =
            List.of("Ringing", "Missed", "Answered", "Rejected", "Declined", "Ended", "No Answer");

    private static final Map<String, Map<String, WebhookEventType>> FIRES = Map.of(
            "incoming",
                    Map.of(
                            "Missed", WebhookEventType.CALL_INCOMING_MISSED,
                            "Answered", WebhookEventType.CALL_INCOMING_ENDED,
                            "Rejected", WebhookEventType.CALL_INCOMING_ENDED,
                            "Declined", WebhookEventType.CALL_INCOMING_ENDED),
            "outgoing",
                    Map.of(
                            "Ended", WebhookEventType.CALL_OUTGOING_ENDED,
                            "No Answer", WebhookEventType.CALL_OUTGOING_ENDED,
                            "Rejected", WebhookEventType.CALL_OUTGOING_ENDED,
                            "Declined", WebhookEventType.CALL_OUTGOING_ENDED));

    private CallOutcomes() {}

    public static boolean isValidPair(String direction, String status) {
        return FIRES.containsKey(direction)
                && (RINGING.equals(status) || FIRES.get(direction).containsKey(status));
    }

    /** The statuses allowed for a direction, for error messages. */
    public static List<String> statusesFor(String direction) {
        return STATUSES.stream().filter(s -> isValidPair(direction, s)).toList();
    }

    /** The type a final call fires; empty for Ringing (and for invalid pairs, which validation already refused). */
    public static Optional<WebhookEventType> firedType(String direction, String status) {
        Map<String, WebhookEventType> byStatus = FIRES.get(direction);
        return byStatus == null ? Optional.empty() : Optional.ofNullable(byStatus.get(status));
    }

    /** Payloads say {@code Rejected} where producers say {@code Declined} (seed: "Note on status wording"). */
    public static String payloadStatus(String status) {
        return "Declined".equals(status) ? "Rejected" : status;
    }
}
