package io.hookline.delivery;

import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Makes one signed POST to a webhook and describes the outcome as an {@link AttemptRecord}; never fails. A 2xx
 * within the deadline is a success; anything else (other status, timeout, refused, reset, DNS) is a failure with
 * a readable {@code error}. Redirects are not followed.
 */
public final class Sender {

  public static final String VERSION = version();
  public static final String USER_AGENT = "Hookline/" + VERSION;

  private final Vertx vertx;
  private final WebClient client;
  private final int timeoutMs;
  private final Clock clock;
  private final TargetGuard guard;

  public Sender(Vertx vertx, WebClient client, int timeoutMs, Clock clock, TargetGuard guard) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
    this.guard = guard;
  }

  public Future<AttemptRecord> send(WebhookRef webhook, RenderedPayload payload, boolean test, EventTicket ticket) {
    Instant attemptedAt = clock.instant();
    long timestamp = attemptedAt.getEpochSecond();
    String signature = Signer.sign(webhook.signingKey(), payload.eventId(), timestamp, payload.body());
    JsonObject requestHeaders = new JsonObject()
        .put("content-type", "application/json")
        .put("user-agent", USER_AGENT)
        .put("webhook-id", payload.eventId())
        .put("webhook-timestamp", Long.toString(timestamp))
        .put("webhook-signature", signature);
    long started = System.nanoTime();
    Promise<AttemptRecord> outcome = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> outcome.tryComplete(failure(webhook, payload, attemptedAt, started,
        null, "timeout after " + timeoutMs + " ms", requestHeaders, test, ticket)));
    guard.check(webhook.url())
        .compose(pinned -> post(webhook.url(), pinned, requestHeaders, payload.body()))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            outcome.tryComplete(answered(webhook, payload, attemptedAt, started, ar.result(), requestHeaders, test,
                ticket));
          } else {
            outcome.tryComplete(failure(webhook, payload, attemptedAt, started, null, describe(ar.cause()),
                requestHeaders, test, ticket));
          }
        });
    return outcome.future();
  }

  private Future<HttpResponse<Buffer>> post(String url, String pinnedAddress, JsonObject headers, Buffer body) {
    HttpRequest<Buffer> request;
    try {
      if (pinnedAddress == null) {
        request = client.postAbs(url);
      } else {
        // connect to the vetted address; Host header and TLS server name stay the webhook's host name
        URI uri = URI.create(url);
        request = client.postAbs(pinnedUrl(uri, pinnedAddress)).virtualHost(uri.getHost());
      }
      request = request.as(CappedBodyCodec.INSTANCE);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid URL: " + e.getMessage()));
    }
    request.followRedirects(false).connectTimeout(timeoutMs).idleTimeout(timeoutMs);
    for (Map.Entry<String, Object> header : headers) {
      request.putHeader(header.getKey(), (String) header.getValue());
    }
    return request.sendBuffer(body);
  }

  /** The URL with its host replaced by an IP address (bracketed for IPv6), everything else as raw as given. */
  static String pinnedUrl(URI uri, String address) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static AttemptRecord answered(WebhookRef webhook, RenderedPayload payload, Instant attemptedAt, long started,
                                        HttpResponse<Buffer> response, JsonObject requestHeaders, boolean test,
                                        EventTicket ticket) {
    int status = response.statusCode();
    boolean success = status >= 200 && status < 300;
    String error = success ? null : "HTTP " + status;
    return new AttemptRecord(webhook.id(), webhook.workspaceId(), webhook.url(), payload, attemptedAt,
        elapsedMs(started), success, status, error, requestHeaders, headersJson(response.headers()),
        text(response.body()), test, ticket);
  }

  private static AttemptRecord failure(WebhookRef webhook, RenderedPayload payload, Instant attemptedAt, long started,
                                       Integer status, String error, JsonObject requestHeaders, boolean test,
                                       EventTicket ticket) {
    return new AttemptRecord(webhook.id(), webhook.workspaceId(), webhook.url(), payload, attemptedAt,
        elapsedMs(started), false, status, error, requestHeaders, null, null, test, ticket);
  }

  /** Short, stable error texts an admin can act on. */
  String describe(Throwable cause) {
    return StorableText.errorLine(explain(cause));
  }

  private String explain(Throwable cause) {
    if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
      return "timeout after " + timeoutMs + " ms";
    }
    if (cause instanceof ConnectException) {
      String message = String.valueOf(cause.getMessage());
      return message.contains("refused") ? "connection refused" : "connection failed: " + message;
    }
    if (cause instanceof UnknownHostException) {
      return "dns lookup failed: " + cause.getMessage();
    }
    if (cause instanceof ClosedChannelException
        || (cause.getMessage() != null && cause.getMessage().toLowerCase().contains("connection reset"))) {
      return "connection reset";
    }
    if (cause instanceof io.vertx.core.http.HttpClosedException) {
      return "connection closed before an answer";
    }
    if (cause instanceof TargetGuard.Refused refused) {
      return refused.getMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static int elapsedMs(long started) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
  }

  private static JsonObject headersJson(MultiMap headers) {
    JsonObject json = new JsonObject();
    for (String name : headers.names()) {
      json.put(name.toLowerCase(), String.join(", ", headers.getAll(name)));
    }
    return json;
  }

  /** The receiver's answer as text; NUL is not storable in PostgreSQL text, so it is dropped. */
  private static String text(Buffer body) {
    if (body == null || body.length() == 0) {
      return "";
    }
    return StorableText.withoutNul(new String(body.getBytes(), StandardCharsets.UTF_8));
  }

  private static String version() {
    String v = Sender.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

}
