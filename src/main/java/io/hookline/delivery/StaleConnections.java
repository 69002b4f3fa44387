package io.hookline.delivery;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.impl.Http1xClientConnection;

/**
 * A request that went out on a kept-alive connection the receiver had already closed. Receivers may close an idle
 * connection at any time (RFC 9112 §9.3.1), some right after each answer without saying so ({@code Connection:
 * close}); a request written just before Hookline noticed the close is never read. Without a second try it would be
 * recorded as the receiver's failure, never resent, and counted toward auto-disable, although the receiver answered
 * every request it got. HTTP clients retry such requests (browsers; Go's net/http for a POST that carries an
 * idempotency key, and every webhook request carries {@code webhook-id} for that purpose).
 *
 * <p>Only a close or reset before any byte of an answer, on a connection that had served an answer before, counts. The
 * request then goes once more, on a connection of its own ({@link Sender}); a receiver that read it and closed the
 * connection without answering gets it twice at most, with the same {@code webhook-id}.
 */
final class StaleConnections {

    private StaleConnections() {}

    static boolean closedBeforeReading(HttpClientRequest request, Throwable cause) {
        String what = AttemptErrors.describe(cause, 0);
        if (!what.equals("connection closed before an answer") && !what.equals("connection reset")) {
            return false;
        }
        // Vert.x's HTTP/1.x connection knows whether it has served an answer; any other kind is never retried
        return request.connection() instanceof Http1xClientConnection connection
                && connection.lastResponseReceivedTimestamp() > 0;
    }
}
