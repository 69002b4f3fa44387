package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery attempt as it is stored: what was sent (the payload, rendered again from the journal when the log
 * is read), when, the signature it carried, and what came back or what went wrong. {@code responseHeaders} is a
 * JSON object text, or null when no answer came. {@code ticket} is null for sends that belong to no open event
 * (tests, resends, recoveries). {@code trigger} says what made the attempt; {@code recovery} which recovery job, for
 * its attempts, else null.
 */
public record AttemptRecord(
        UUID webhookId,
        String workspaceId,
        String url,
        RenderedPayload payload,
        Instant attemptedAt,
        int durationMs,
        boolean success,
        Integer statusCode,
        String error,
        String signature,
        String responseHeaders,
        String responseBody,
        Trigger trigger,
        EventTicket ticket,
        UUID recovery) {

    /** The same attempt, made by recovery job {@code job}. */
    AttemptRecord madeBy(UUID job) {
        return new AttemptRecord(
                webhookId,
                workspaceId,
                url,
                payload,
                attemptedAt,
                durationMs,
                success,
                statusCode,
                error,
                signature,
                responseHeaders,
                responseBody,
                trigger,
                ticket,
                job);
    }

    /** Save-and-test attempts are logged but never counted toward auto-disable. */
    public boolean test() {
        return trigger == Trigger.TEST;
    }
}
