package io.hookline.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * A request a listener serves without its router: the hottest call, answered by a handler of its own instead of
 * Vert.x Web's routing context, route chain and body handler. Whatever it does not take, including every request it
 * would refuse, goes to the router untouched, so errors keep one source.
 */
public interface Shortcut {

    /** Whether {@link #serve} answers this request; decided from the request head alone, without reading it. */
    boolean takes(HttpServerRequest request);

    /** Reads the body and answers, on the request's event loop. */
    void serve(HttpServerRequest request);
}
