package io.hookline.delivery;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One delivery attempt as it is stored: what was sent (the body via {@code payload}), what came back or what went
 * wrong. {@code ticket} is null for test sends, which belong to no pending event.
 */
public record AttemptRecord(UUID webhookId, String workspaceId, String url, RenderedPayload payload,
                            Instant attemptedAt, int durationMs, boolean success, Integer statusCode, String error,
                            JsonObject requestHeaders, JsonObject responseHeaders, String responseBody,
                            boolean test, EventTicket ticket) {
}
