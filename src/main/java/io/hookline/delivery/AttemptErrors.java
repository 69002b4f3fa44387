package io.hookline.delivery;

import io.hookline.target.TargetGuard;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Why an exchange failed, as the short, stable text an attempt's {@code error} shows. */
final class AttemptErrors {

    private AttemptErrors() {}

    /**
     * A failure of Netty's HTTP response decoder: the receiver's bytes are no HTTP answer (a broken status line, a
     * length that is no number, a header over 8 KiB). The decoder throws plain IllegalArgumentExceptions for some.
     */
    private static boolean notHttp(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.DecoderException
                || (cause instanceof IllegalStateException
                        && String.valueOf(cause.getMessage()).startsWith("Unsupported HTTP version"))) {
            return true; // the second: Vert.x's own refusal of a status line such as HTTP/2.0 200
        }
        if (!(cause instanceof IllegalArgumentException)) {
            return false;
        }
        StackTraceElement[] frames = cause.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 8); i++) {
            if (frames[i].getClassName().startsWith("io.netty.handler.codec.http.")) {
                return true;
            }
        }
        return false;
    }

    /** Short, stable error texts an admin can act on. */
    static String describe(Throwable cause, int timeoutMs) {
        if (cause instanceof TimeoutException
                || cause instanceof io.netty.handler.timeout.TimeoutException
                || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "timeout after " + timeoutMs + " ms";
        }
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof ConnectException) {
            return message.contains("refused") ? "connection refused" : "connection failed: " + message;
        }
        if (cause instanceof UnknownHostException) {
            return "dns lookup failed: " + cause.getMessage();
        }
        if (cause instanceof ClosedChannelException
                || message.toLowerCase(Locale.ROOT).contains("connection reset")) {
            return "connection reset";
        }
        if (cause instanceof io.vertx.core.http.HttpClosedException) {
            return "connection closed before an answer";
        }
        if (cause instanceof TargetGuard.Refused refused) {
            return refused.getMessage();
        }
        if (notHttp(cause)) {
            return "invalid HTTP answer: " + message;
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
