package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.store.TokenStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * Resolves the bearer token of a management call to a {@link Principal}: the admin token (configured or generated,
 * compared in constant time), or a workspace token, found by its SHA-256 hash (the token itself is never stored).
 * Ingest tokens are not management tokens.
 */
final class AdminAuth implements Handler<RoutingContext> {

    private final BearerTokens adminToken;
    private final Pool pool;

    AdminAuth(BearerTokens adminToken, Pool pool) {
        this.adminToken = adminToken;
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = BearerTokens.extract(ctx.request());
        if (token == null) {
            ctx.fail(
                    ApiException.unauthorized(
                            "Send an admin or workspace token as 'Authorization: Bearer <token>', in one Authorization header."));
            return;
        }
        if (adminToken.matches(token)) {
            ctx.put(Principal.KEY, Principal.ADMIN);
            ctx.next();
            return;
        }
        TokenStore.findByHash(pool, BearerTokens.sha256(token))
                .onSuccess(row -> {
                    if (row == null) {
                        ctx.fail(
                                ApiException.unauthorized("The bearer token is not a valid admin or workspace token."));
                    } else {
                        ctx.put(Principal.KEY, new Principal(row.getString("name"), row.getString("workspace_id")));
                        ctx.next();
                    }
                })
                .onFailure(err -> ctx.fail(ApiException.unavailable("The token store is unavailable; retry later.")));
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(Principal.KEY);
    }
}
