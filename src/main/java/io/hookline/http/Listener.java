package io.hookline.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The rules both HTTP listeners (ingest and admin) share, in one place: the bind address, the limits on request
 * lines and headers, a deadline for receiving a request head, an idle timeout, and the JSON error body for every error
 * — including the ones the HTTP decoder and the router answer before any route runs.
 */
public final class Listener {

    /**
     * A connection must deliver a complete request head within this of opening, or of the end of its previous
     * answer: a client trickling header bytes (slowloris) or holding an idle connection is cut off, whatever the
     * idle timeout, which each byte would reset. It is also how long a kept-alive connection may wait between
     * requests.
     */
    public static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    /** Idle timeout while an exchange is under way: no byte either way for this long closes the connection. */
    public static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Longest request line (414 beyond) and header block (431 beyond), Netty's defaults made explicit. */
    public static final int MAX_REQUEST_LINE = 4096;

    public static final int MAX_HEADER_BYTES = 8192;

    private Listener() {}

    /**
     * HEAD is GET without the body (RFC 9110; load balancers check health with it): Vert.x Web matches routes by
     * method, and Vert.x leaves the body out of an answer to HEAD by itself. Installed as a route for every method,
     * since one for HEAD alone would turn every unknown path's 404 into a 405.
     */
    private static void headAsGet(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.reroute(HttpMethod.GET, ctx.request().uri());
        } else {
            ctx.next();
        }
    }

    /**
     * Serves {@code router} on {@code host:port}. {@code name} ({@code ingest}, {@code admin}) names the listener and
     * its port setting in a start-up failure. {@code longestAnswer} is the longest a legitimate answer may take to
     * start (the idle timeout stays above it, so a slow but healthy exchange is never cut).
     */
    public static Future<HttpServer> listen(
            Vertx vertx, String name, Router router, String host, int port, Duration longestAnswer) {
        return listen(vertx, name, router, null, host, port, longestAnswer);
    }

    /** {@code shortcut}: requests it takes are served by it, all others by {@code router}; null for none. */
    public static Future<HttpServer> listen(
            Vertx vertx, String name, Router router, Shortcut shortcut, String host, int port, Duration longestAnswer) {
        FailureHandler.install(router);
        HeaderDeadline deadline = new HeaderDeadline(vertx, HEADER_DEADLINE);
        router.route().order(Integer.MIN_VALUE).handler(deadline::exchangeBegins);
        router.route().order(Integer.MIN_VALUE + 1).handler(Listener::headAsGet);
        router.route().order(Integer.MIN_VALUE + 2).handler(PathEscapes::check);
        long idleSeconds = Math.max(MIN_IDLE_TIMEOUT.toSeconds(), longestAnswer.toSeconds() + 10);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setIdleTimeout((int) idleSeconds)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                // HTTP/1.1 only: with cleartext HTTP/2 detection on, Vert.x creates the connection (and calls the
                // connection
                // handler that starts the header deadline) only once a first request head is complete, too late for it
                .setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options)
                .connectionHandler(deadline::connectionOpened)
                .invalidRequestHandler(FailureHandler::invalidRequest)
                .requestHandler(
                        shortcut == null
                                ? router
                                : request -> {
                                    if (shortcut.takes(request)) {
                                        deadline.exchangeBegins(request);
                                        shortcut.serve(request);
                                    } else {
                                        router.handle(request);
                                    }
                                })
                .listen()
                .recover(err -> Future.failedFuture(new VertxException(bindFailure(name, host, port, err), true)));
    }

    /**
     * Whether another process listens on {@code host:port}, asked before anything starts (the database, the background
     * passes) so a second instance on the same ports stops at once with nothing half-started; the bind itself stays
     * the final word. Returns the line {@link #bindFailure} gives, or null. Port 0 (any free port) is always free, but
     * its address is asked too: an address this machine does not have, or a port it may not open, stops the start here
     * as well (review: with the embedded server, one was found only after the database was initialised and migrated).
     */
    public static String portTaken(String name, String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (java.net.BindException e) {
            return bindFailure(name, host, port, e);
        } catch (IOException e) {
            return null; // anything else is left to the bind itself, which names it
        }
    }

    /** One line naming the listener, its address and port, and the setting to change. */
    static String bindFailure(String name, String host, int port, Throwable err) {
        String portSetting = "HOOKLINE_" + name.toUpperCase(Locale.ROOT) + "_PORT";
        if (inUse(err)) {
            return "the " + name + " listener cannot listen on " + host + ":" + port + ": port " + port
                    + " is already in "
                    + "use (another process, or another Hookline, listens there); stop it or set " + portSetting
                    + " to a free port";
        }
        return "the " + name + " listener cannot listen on " + host + ":" + port + " (" + err.getMessage() + "); set "
                + "HOOKLINE_BIND_ADDRESS to an address of this machine (0.0.0.0 for all) and " + portSetting
                + " to a free port";
    }

    /**
     * EADDRINUSE, in the words of the JDK and of Netty's native transport alike. Not every BindException: an address
     * this machine does not have is one too, and needs the other advice.
     */
    private static boolean inUse(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
