package io.hookline.admin;

import io.hookline.event.Timestamps;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.recovery.Recoveries;
import io.hookline.store.Keyset;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Recovery jobs of one webhook: start, list, read, cancel. */
final class RecoverRoutes {

    private static final String LIST = "recoveries";

    private final Recoveries recoveries;

    RecoverRoutes(Recoveries recoveries) {
        this.recoveries = recoveries;
    }

    void addRoutes(Router router) {
        router.post("/v1/workspaces/:ws/webhooks/:id/recover").handler(this::start);
        router.get("/v1/workspaces/:ws/webhooks/:id/recoveries").handler(this::list);
        router.get("/v1/workspaces/:ws/webhooks/:id/recoveries/:rid").handler(this::get);
        router.delete("/v1/workspaces/:ws/webhooks/:id/recoveries/:rid").handler(this::cancel);
    }

    private void start(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        JsonObject body = Requests.body(ctx, Set.of("since", "until"));
        OffsetDateTime since = time(body, "since", true);
        OffsetDateTime until = time(body, "until", false);
        recoveries
                .start(ws, id, since, until)
                .onSuccess(job -> Responses.json(ctx, 202, job))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        recoveries
                .page(ws, id, page)
                .onSuccess(rows -> Responses.json(
                        ctx, 200, Pages.body(page, list, Requests.rows(rows), r -> r.getLong("seq"), Recoveries::json)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        UUID rid = Requests.uuid(ctx, "rid", "recovery");
        recoveries
                .get(ws, id, rid)
                .onSuccess(job -> Responses.json(ctx, 200, job))
                .onFailure(ctx::fail);
    }

    private void cancel(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        UUID rid = Requests.uuid(ctx, "rid", "recovery");
        recoveries
                .cancel(ws, id, rid)
                .onSuccess(job -> Responses.json(ctx, 200, job))
                .onFailure(ctx::fail);
    }

    /**
     * An ISO-8601 instant with its offset ({@code 2026-05-24T10:00:00Z}, {@code ...+02:00}, {@code ...+0200}), read by
     * the rule ingest reads event timestamps by: a time a producer may send is a time a recovery may name.
     */
    private static OffsetDateTime time(JsonObject body, String field, boolean required) {
        Object value = body.getValue(field);
        if (value == null && !required) {
            return null;
        }
        OffsetDateTime time = value instanceof String text ? Timestamps.parse(text) : null;
        if (time != null) {
            return time;
        }
        throw ApiException.invalid(
                field + " must be an ISO-8601 time with an offset, e.g. 2026-05-24T10:00:00Z.",
                List.of(new Violation(
                        field, (value == null ? "is required: " : "must be ") + "an ISO-8601 time with an offset")));
    }
}
