package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.recovery.Resend;
import io.hookline.webhook.SecretRotation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Recovery calls of one webhook: resend, secret rotation with overlap. */
final class RecoveryRoutes {

    private final SecretRotation rotation;
    private final Resend resend;

    RecoveryRoutes(SecretRotation rotation, Resend resend) {
        this.rotation = rotation;
        this.resend = resend;
    }

    void addRoutes(Router router) {
        router.post("/v1/workspaces/:ws/webhooks/:id/secret/rotate").handler(this::rotate);
        router.post("/v1/workspaces/:ws/webhooks/:id/resend").handler(this::resend);
    }

    private void resend(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        JsonObject body = Requests.body(ctx, Set.of("event_id"));
        if (!(body.getValue("event_id") instanceof String eventId) || eventId.isEmpty()) {
            throw ApiException.invalid(
                    "event_id is required: the id of the event to send again.",
                    List.of(new Violation("event_id", "is required (a string)")));
        }
        resend.run(ws, id, Requests.eventId(eventId))
                .onSuccess(sent -> Responses.json(ctx, 200, AttemptJson.logEntry(sent.id(), sent.attempt())))
                .onFailure(ctx::fail);
    }

    private void rotate(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        JsonObject body = Requests.optionalBody(ctx, Set.of("overlap_seconds"));
        int overlap = wholeNumber(
                body, "overlap_seconds", 0, SecretRotation.MAX_OVERLAP_SECONDS, SecretRotation.DEFAULT_OVERLAP_SECONDS);
        rotation.rotate(ws, id, overlap, AdminAuth.principal(ctx).actor())
                .onSuccess(result -> Responses.json(ctx, 200, result))
                .onFailure(ctx::fail);
    }

    static int wholeNumber(JsonObject body, String field, int min, int max, int defaultValue) {
        Object value = body.getValue(field);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n
                && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= min
                && n.doubleValue() <= max) {
            return n.intValue();
        }
        throw ApiException.invalid(
                field + " must be a whole number from " + min + " to " + max + ".",
                List.of(new Violation(field, "must be a whole number from " + min + " to " + max)));
    }
}
