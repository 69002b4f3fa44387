package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.target.TargetGuard;
import io.hookline.tracing.SpanHandle;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * Makes one signed POST to a webhook and describes the outcome as an {@link AttemptRecord}; never fails. A 2xx
 * within the deadline is a success; anything else (other status, an informational status taken for an answer,
 * timeout, refused, reset, DNS) is a failure with a readable {@code error}. Redirects are not followed.
 *
 * <p>The deadline is absolute: when it passes, the request is reset and its connection closed, however slowly the
 * receiver keeps trickling bytes. Of the answer, the first 64 KiB are kept; once they are, the exchange is cut off
 * the same way, so a receiver can never make Hookline download more. A connection whose exchange did not end
 * cleanly is never used again.
 *
 * <p>A request that went out on a kept-alive connection the receiver had already closed, unread
 * ({@link StaleConnections}), goes once more, on a new connection of its own, within the same deadline; it is one
 * attempt.
 *
 * <p>With tracing on, each request is an attempt span and carries its W3C {@code traceparent}; with it off, the
 * request is exactly as before.
 */
public final class Sender {

    public static final String VERSION = version();
    public static final String USER_AGENT = "Hookline/" + VERSION;
    static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    static final CharSequence USER_AGENT_VALUE = HttpHeaders.createOptimized(USER_AGENT);
    static final CharSequence WEBHOOK_ID = HttpHeaders.createOptimized("webhook-id");
    static final CharSequence WEBHOOK_TIMESTAMP = HttpHeaders.createOptimized("webhook-timestamp");
    static final CharSequence WEBHOOK_SIGNATURE = HttpHeaders.createOptimized("webhook-signature");

    private final HttpClient client;
    private final int timeoutMs;
    private final Clock clock;
    private final TargetGuard guard;
    private final DeadlineQueue deadlines;
    private final Tracing tracing;

    /** Create on the event loop that will send: the deadlines are enforced there. */
    public Sender(Vertx vertx, HttpClient client, int timeoutMs, Clock clock, TargetGuard guard) {
        this(vertx, client, timeoutMs, clock, guard, Tracing.OFF);
    }

    public Sender(Vertx vertx, HttpClient client, int timeoutMs, Clock clock, TargetGuard guard, Tracing tracing) {
        this.tracing = tracing;
        this.client = client;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
        this.guard = guard;
        this.deadlines = new DeadlineQueue(vertx);
    }

    public void close() {
        deadlines.close();
    }

    int timeoutMs() {
        return timeoutMs;
    }

    /** A one-off send (save-and-test): the URL is taken apart and the key set up for this request only. */
    public Future<AttemptRecord> send(
            WebhookRef webhook, RenderedPayload payload, Trigger trigger, EventTicket ticket) {
        return send(webhook, WebhookTarget.of(webhook.url()), SigningKeys.of(webhook), payload, trigger, ticket, null);
    }

    /** {@code trace}: the fan-out span this attempt belongs to, or null (a trace of its own, when tracing is on). */
    Future<AttemptRecord> send(
            WebhookRef webhook,
            WebhookTarget target,
            SigningKeys keys,
            RenderedPayload payload,
            Trigger trigger,
            EventTicket ticket,
            TraceParent trace) {
        Instant attemptedAt = clock.instant();
        long timestamp = attemptedAt.getEpochSecond();
        String signature = keys.sign(payload.eventId(), timestamp, payload, attemptedAt);
        SpanHandle span = tracing.on()
                ? tracing.attempt(
                        trace,
                        new Tracing.Attempt(
                                trigger.wire(),
                                webhook.workspaceId(),
                                webhook.id().toString(),
                                payload.eventId(),
                                target.ssl(),
                                target.host(),
                                target.port()))
                : null;
        Exchange exchange = new Exchange(webhook, payload, attemptedAt, signature, trigger, ticket, timeoutMs, span);
        deadlines.add(exchange);
        long now = System.nanoTime();
        String known = target.vettedAddress(now);
        if (known != null || target.connectsByName(now)) {
            request(exchange, target, known, payload, timestamp, signature);
        } else {
            target.address(guard, now).onComplete(ar -> {
                if (ar.failed()) {
                    exchange.failed(ar.cause());
                } else {
                    request(exchange, target, ar.result(), payload, timestamp, signature);
                }
            });
        }
        return exchange.outcome();
    }

    private void request(
            Exchange exchange,
            WebhookTarget target,
            String address,
            RenderedPayload payload,
            long timestamp,
            String signature) {
        client.request(options(target, address)).onComplete(ar -> {
            if (ar.failed() && ar.cause() instanceof HttpClosedException && client instanceof HttpClientAgent agent) {
                // the pool handed over a connection that closed before the request was written: nothing was sent
                resend(agent, exchange, target, address, payload, timestamp, signature, ar.cause());
            } else if (ar.failed()) {
                exchange.failed(ar.cause());
            } else {
                send(exchange, ar.result(), target, address, payload, timestamp, signature, true);
            }
        });
    }

    private RequestOptions options(WebhookTarget target, String address) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(target.host())
                .setPort(target.port())
                .setURI(target.requestUri())
                .setSsl(target.ssl())
                .setFollowRedirects(false);
        // No connect timeout here: the pool would arm and cancel a timer for every request. HostPermits hands a
        // request over only when the pool has room, so waiting for a connection is not part of the deadline; the
        // exchange's deadline covers connecting, and a connection that arrives after it is handed back unused
        // (attach() resets a request that sent nothing, which keeps the connection).
        if (address != null) {
            // connect to the vetted address; the Host header and the TLS server name stay the webhook's host name
            options.setServer(SocketAddress.inetSocketAddress(target.port(), address));
        }
        return options;
    }

    /**
     * {@code target} and {@code address}: where to send the request again if the connection turns out stale, which
     * {@code resendable} allows (once per exchange).
     */
    private void send(
            Exchange exchange,
            HttpClientRequest request,
            WebhookTarget target,
            String address,
            RenderedPayload payload,
            long timestamp,
            String signature,
            boolean resendable) {
        if (!exchange.attach(request)) {
            return; // the deadline passed while waiting for a connection; attach() reset it
        }
        try {
            request.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                    .putHeader(HttpHeaders.USER_AGENT, USER_AGENT_VALUE)
                    .putHeader(WEBHOOK_ID, payload.eventId())
                    .putHeader(WEBHOOK_TIMESTAMP, Long.toString(timestamp))
                    .putHeader(WEBHOOK_SIGNATURE, signature);
        } catch (IllegalArgumentException unsendable) {
            // an event id that is no header value (ingest refuses those; an older version stored some): without
            // this the exception escaped to the event loop and the attempt read as a timeout 5 s later
            request.reset();
            exchange.failed(new IllegalArgumentException(
                    "request not sent: the event id cannot be a webhook-id header (" + unsendable.getMessage() + ")"));
            return;
        }
        exchange.traced(request);
        request.send(payload.body()).onComplete(ar -> {
            if (ar.succeeded()) {
                exchange.answered(ar.result());
            } else if (resendable
                    && client instanceof HttpClientAgent agent
                    && StaleConnections.closedBeforeReading(request, ar.cause())) {
                resend(agent, exchange, target, address, payload, timestamp, signature, ar.cause());
            } else {
                exchange.failed(ar.cause());
            }
        });
    }

    /**
     * The request once more, on a connection of its own (the pool's other idle connections may be stale too), closed
     * when the exchange ends; within the same deadline. If it cannot connect, the first failure is the attempt's.
     */
    private void resend(
            HttpClientAgent agent,
            Exchange exchange,
            WebhookTarget target,
            String address,
            RenderedPayload payload,
            long timestamp,
            String signature,
            Throwable first) {
        HttpConnectOptions connect = new HttpConnectOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl());
        if (address != null) {
            connect.setServer(SocketAddress.inetSocketAddress(target.port(), address));
        }
        agent.connect(connect).onComplete(connected -> {
            if (connected.failed()) {
                exchange.failed(first);
                return;
            }
            HttpClientConnection connection = connected.result();
            exchange.outcome().onComplete(done -> connection.close());
            connection.request(options(target, address)).onComplete(ar -> {
                if (ar.failed()) {
                    exchange.failed(first);
                } else {
                    send(exchange, ar.result(), target, address, payload, timestamp, signature, false);
                }
            });
        });
    }

    private static String version() {
        String v = Sender.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
