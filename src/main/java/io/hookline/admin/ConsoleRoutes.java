package io.hookline.admin;

import io.hookline.http.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: static ES modules, CSS and one HTML page, served from the jar under
 * {@code /console/}. The page talks to the public management API with the bearer token the user pasted; it sets
 * no cookie, so there is nothing for a cross-site request to ride on.
 */
final class ConsoleRoutes {

    /** A classpath folder no working directory is likely to shadow (Vert.x looks at the file system first). */
    static final String WEB_ROOT = "io/hookline/console";

    /**
     * Scripts, styles, images and API calls only from Hookline itself; no inline script or style, no plugins, no
     * framing. {@code form-action 'none'}: the forms are submitted by script only, so even if the scripts failed to
     * load, a form holding a pasted token can never be sent as a GET with the token in the URL.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'; object-src 'none'";

    void addRoutes(Router router) {
        router.route("/console/*")
                .handler(ConsoleRoutes::readOnly)
                .handler(ConsoleRoutes::securityHeaders)
                .handler(StaticHandler.create(WEB_ROOT)
                        .setCachingEnabled(true)
                        .setFilesReadOnly(true)
                        .setIndexPage("index.html")
                        .setDirectoryListing(false)
                        .setIncludeHidden(false));
    }

    /**
     * GET and HEAD only (HEAD arrives as GET): another method is a 405 naming them, as on every other path (it was a
     * 404). Said here rather than as the route's methods, which would list the console among the API's routes.
     */
    private static void readOnly(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.GET) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        ctx.fail(new ApiException(
                405,
                "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path(),
                null));
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response()
                .headers()
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Content-Type-Options", "nosniff")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
                // revalidate on every load (a cheap 304 via Last-Modified), so an upgraded Hookline never mixes old and
                // new modules; the static handler keeps this value and adds Last-Modified
                .set(HttpHeaders.CACHE_CONTROL, "no-cache");
        ctx.next();
    }
}
