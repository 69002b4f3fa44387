package io.hookline.admin;

import io.hookline.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/me}: what the presented token is — the admin token or a workspace token, and which workspace — plus
 * the limits a client should show before it hits them. The web console signs in with it, so a workspace admin only
 * has to paste a token, and it can show "3 of 10 webhooks" from the configured limit rather than a guess.
 */
final class WhoAmIRoutes {

    private final int maxWebhooksPerWorkspace;

    WhoAmIRoutes(int maxWebhooksPerWorkspace) {
        this.maxWebhooksPerWorkspace = maxWebhooksPerWorkspace;
    }

    void addRoutes(Router router) {
        router.get("/v1/me").handler(this::me);
    }

    private void me(RoutingContext ctx) {
        Principal principal = AdminAuth.principal(ctx);
        Responses.json(
                ctx,
                200,
                new JsonObject()
                        .put("admin", principal.isAdmin())
                        .put("actor", principal.actor())
                        .put("workspace_id", principal.workspaceId())
                        .put("limits", new JsonObject().put("webhooks_per_workspace", maxWebhooksPerWorkspace)));
    }
}
