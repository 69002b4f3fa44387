package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.tracing.SpanHandle;
import io.hookline.tracing.SpanNames;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One request and its answer, from the first byte sent to the outcome: enforces the absolute deadline and the cap
 * on what is kept of the answer, and turns whatever happened into exactly one {@link AttemptRecord}. Confined to the
 * event loop that sent it.
 */
final class Exchange {

    private static final io.vertx.core.Handler<Throwable> IGNORED = ignored -> {};

    static final int KEPT_ANSWER_BYTES = 64 * 1024;
    /**
     * The answer until its first byte arrives; never written to. Most receivers answer with an empty or short body in
     * one chunk, so the kept answer is allocated at the size of its first chunk, not up front: a 1 KiB buffer per
     * exchange was 2.4 % of the event loops' samples with ten webhooks.
     */
    private static final Buffer NO_ANSWER_YET = Buffer.buffer(0);

    // released once the outcome is known
    private WebhookRef webhook;
    private RenderedPayload payload;
    private EventTicket ticket;
    private final Instant attemptedAt;
    private final String signature;
    private final Trigger trigger;
    private final int timeoutMs;
    private final long startedNanos = System.nanoTime();
    private final long deadlineNanos;
    private final Promise<AttemptRecord> outcome = Promise.promise();
    /** The attempt's span; null while tracing is off. */
    private SpanHandle span;

    private HttpClientRequest request;
    // links of the deadline queue this exchange waits in, until it finishes
    DeadlineQueue queue;
    Exchange prev;
    Exchange next;
    private Buffer answer;
    private int status;
    private String responseHeaders;
    private boolean done;

    Exchange(
            WebhookRef webhook,
            RenderedPayload payload,
            Instant attemptedAt,
            String signature,
            Trigger trigger,
            EventTicket ticket,
            int timeoutMs,
            SpanHandle span) {
        this.span = span;
        this.webhook = webhook;
        this.payload = payload;
        this.attemptedAt = attemptedAt;
        this.signature = signature;
        this.trigger = trigger;
        this.ticket = ticket;
        this.timeoutMs = timeoutMs;
        this.deadlineNanos = startedNanos + timeoutMs * 1_000_000L;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    Future<AttemptRecord> outcome() {
        return outcome.future();
    }

    /** The request got a connection. False (and the request is reset) when the deadline passed meanwhile. */
    boolean attach(HttpClientRequest req) {
        // a reset fails the stream, which Vert.x logs as an ERROR ("Stream reset: 0") unless a handler takes it; the
        // attempt already says what happened, and a broken receiver must not fill the log (send()'s future still
        // reports every failure of the exchange)
        req.exceptionHandler(IGNORED);
        if (done) {
            req.reset();
            return false;
        }
        this.request = req;
        return true;
    }

    /** Puts the attempt's {@code traceparent} on the request, when tracing is on. */
    void traced(HttpClientRequest req) {
        if (span != null) {
            span.inject(req);
        }
    }

    void failed(Throwable cause) {
        finish(null, AttemptErrors.describe(cause, timeoutMs));
    }

    void answered(HttpClientResponse response) {
        if (done) {
            return;
        }
        status = response.statusCode();
        if (status < 200) {
            // 100 and 103 never get here (the client waits for the final answer after them); any other 1xx was taken
            // for
            // the answer, and the real one would follow on this connection: it must not be read as another request's
            finish(status, "HTTP " + status + ": an informational status is not an answer; the connection was closed");
            response.exceptionHandler(IGNORED); // the reset below fails the response too; the attempt says it all
            cutOff();
            return;
        }
        responseHeaders = ResponseHeaders.json(response.headers());
        if (bodyWhereNoneBelongs(response)) {
            return;
        }
        answer = NO_ANSWER_YET;
        response.exceptionHandler(this::brokenAnswer);
        response.handler(chunk -> {
            if (done) {
                return;
            }
            int kept = Math.min(KEPT_ANSWER_BYTES - answer.length(), chunk.length());
            if (answer == NO_ANSWER_YET) {
                answer = Buffer.buffer(kept);
            }
            answer.appendBuffer(chunk, 0, kept);
            if (answer.length() >= KEPT_ANSWER_BYTES) {
                answeredInFull();
                cutOff(); // every byte read after this would be waste
            }
        });
        response.endHandler(v -> answeredInFull());
    }

    /**
     * A 204 or 304 that announces a body anyway: the client reads none after these statuses, so its bytes would be read
     * as the answer to the next request on this connection, another webhook's perhaps (review). The answer counts as
     * it is, and the connection is closed instead of reused.
     */
    private boolean bodyWhereNoneBelongs(HttpClientResponse response) {
        if (status != 204 && status != 304) {
            return false; // every other answer: no header lookup on the delivery path
        }
        String length = response.headers().get("content-length");
        if ((length == null || length.trim().equals("0")) && !response.headers().contains("transfer-encoding")) {
            return false;
        }
        answer = Buffer.buffer();
        response.exceptionHandler(IGNORED);
        answeredInFull();
        request.connection().close();
        return true;
    }

    /**
     * The answer began (status and headers) and then broke. Only a complete answer counts, so, as at a deadline in
     * the middle of the body, no status is recorded; the error says that one came.
     */
    private void brokenAnswer(Throwable cause) {
        String how = cause instanceof io.vertx.core.http.HttpClosedException
                ? "connection closed"
                : AttemptErrors.describe(cause, timeoutMs);
        finish(null, how + " after HTTP " + status + ", before the answer ended");
    }

    private void answeredInFull() {
        finish(status, status >= 200 && status < 300 ? null : "HTTP " + status);
    }

    void deadlinePassed() {
        if (!done) {
            finish(null, "timeout after " + timeoutMs + " ms");
            cutOff();
        }
    }

    /**
     * Resets the exchange; on HTTP/1.1 that closes the connection, so it is never reused. The request's exception
     * handler, set in {@link #attach}, takes the failure the reset causes.
     */
    private void cutOff() {
        if (request != null) {
            request.reset();
        }
    }

    private void finish(Integer statusCode, String error) {
        if (done) {
            return;
        }
        done = true;
        if (queue != null) {
            queue.remove(this);
        }
        boolean success = error == null;
        String body = statusCode == null || answer == null ? null : text(answer);
        AttemptRecord record = new AttemptRecord(
                webhook.id(),
                webhook.workspaceId(),
                webhook.url(),
                payload,
                attemptedAt,
                elapsedMs(),
                success,
                statusCode,
                error == null ? null : StorableText.errorLine(error),
                signature,
                statusCode == null || answer == null ? null : responseHeaders,
                body,
                trigger,
                ticket,
                null);
        webhook = null;
        payload = null;
        ticket = null;
        answer = null;
        if (span != null) {
            traced(statusCode, record.error());
        }
        outcome.complete(record);
    }

    private void traced(Integer statusCode, String error) {
        if (statusCode != null) {
            span.set(SpanNames.HTTP_STATUS, statusCode);
        }
        if (error != null) {
            span.set(SpanNames.ERROR_TYPE, statusCode != null ? String.valueOf(statusCode) : errorType(error));
        }
        span.end(error);
        span = null;
    }

    /** The kind of a failure without an answer, for {@code error.type}: {@code timeout}, or its text before any detail. */
    private static String errorType(String error) {
        if (error.startsWith("timeout")) {
            return "timeout";
        }
        int colon = error.indexOf(':');
        String kind = colon < 0 ? error : error.substring(0, colon);
        return kind.length() > 64 ? kind.substring(0, 64) : kind;
    }

    private int elapsedMs() {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /**
     * The receiver's answer as text; NUL is not storable in PostgreSQL text, so it is dropped. An answer cut at
     * {@link #KEPT_ANSWER_BYTES} ends where its last whole character does: the cut may fall inside a UTF-8 sequence,
     * which would otherwise read as a U+FFFD that the receiver never sent.
     */
    private static String text(Buffer body) {
        if (body.length() == 0) {
            return "";
        }
        byte[] bytes = body.getBytes();
        int length = bytes.length >= KEPT_ANSWER_BYTES ? StorableText.wholeUtf8Prefix(bytes) : bytes.length;
        return StorableText.withoutNul(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
