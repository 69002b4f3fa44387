package io.hookline.app;

import io.hookline.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;

/**
 * The network transport under every socket Hookline opens (both listeners, receivers, PostgreSQL, mail). {@code auto}
 * takes epoll, else Java NIO; io_uring only when asked for by name. io_uring hands the kernel many socket operations
 * per system call instead of one each, and once delivered about a quarter more than epoll on the reference bench's
 * two cores; but on the Netty served here (4.2.18) it missed a receiver's connection reset in the middle of an answer
 * most of the time, so the attempt waited out the whole delivery timeout and was stored as a timeout, and later
 * measurements could not tell the two transports apart (docs/performance.md). Asking for a transport by name that
 * is not available stops the start.
 */
public final class Transports {

    private Transports() {}

    /** {@code name}: {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}, as the setting validated it. */
    public static Transport choose(String name) {
        return switch (name) {
            case "auto" -> firstAvailable(Transport.EPOLL);
            case "io_uring" -> required(Transport.IO_URING, name);
            case "epoll" -> required(Transport.EPOLL, name);
            case "nio" -> Transport.NIO;
            default -> throw new ConfigException("transport (HOOKLINE_TRANSPORT): unknown transport " + name);
        };
    }

    /** What a running Vert.x uses, for the start-up line: {@code io_uring}, {@code epoll}, {@code nio} (or kqueue). */
    public static String nameOf(Vertx vertx) {
        String impl = ((VertxInternal) vertx).transport().getClass().getSimpleName();
        if (impl.startsWith("IoUring")) {
            return "io_uring";
        }
        if (impl.startsWith("Epoll")) {
            return "epoll";
        }
        if (impl.startsWith("KQueue")) {
            return "kqueue";
        }
        return "nio";
    }

    /** Why {@code auto} did not get epoll, for the log; null when it did, or when a transport was named. */
    public static String fallbackReason(String setting, Transport chosen) {
        if (!setting.equals("auto") || chosen == Transport.EPOLL) {
            return null;
        }
        return "epoll is not available here (" + whyNot(Transport.EPOLL) + "); using " + chosen.name();
    }

    private static Transport firstAvailable(Transport... candidates) {
        for (Transport t : candidates) {
            if (t != null && t.available()) {
                return t;
            }
        }
        return Transport.NIO;
    }

    private static Transport required(Transport transport, String name) {
        if (transport == null || !transport.available()) {
            throw new ConfigException("transport (HOOKLINE_TRANSPORT) " + name + " is not available on this machine ("
                    + whyNot(transport) + "); use auto, epoll or nio");
        }
        return transport;
    }

    private static String whyNot(Transport transport) {
        if (transport == null) {
            return "this build has none";
        }
        Throwable cause = transport.unavailabilityCause();
        return cause == null ? "reason unknown" : cause.toString();
    }
}
