package io.hookline.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code Allow} header of a 405 (RFC 9110 §15.5.6: a 405 must list the methods the resource answers to). Vert.x
 * Web works this list out while routing but keeps it to itself once an error handler for 405 is installed, so it is
 * worked out again here from the router's routes. Only a 405 asks, so walking the routes then costs nothing on the
 * paths that are served.
 */
final class AllowedMethods {

    private AllowedMethods() {}

    /** The methods {@code router}'s routes accept on {@code path}, sorted, with HEAD wherever GET is. */
    static String on(Router router, String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            Set<HttpMethod> accepted = route.methods();
            if (accepted != null && route.getPath() != null && matches(route.getPath(), path)) {
                accepted.forEach(m -> methods.add(m.name()));
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD"); // HEAD is served as GET on every path (Listener)
        }
        return String.join(", ", methods);
    }

    /** Whether {@code path} fits a route path whose {@code :name} segments stand for any one non-empty segment. */
    static boolean matches(String routePath, String path) {
        String[] want = trimSlash(routePath).split("/", -1);
        String[] got = trimSlash(path).split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean parameter = want[i].startsWith(":");
            if (parameter ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    /** Vert.x Web serves {@code /a/} as {@code /a}. */
    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
