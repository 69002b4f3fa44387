package io.hookline.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy a test puts between Hookline and PostgreSQL. {@link #cut()} closes every connection and stops
 * listening, so new connections are refused; {@link #restore()} listens on the same port again.
 */
public final class TcpProxy implements AutoCloseable {

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private volatile boolean blackhole;
    /** Set by {@link #swallowReplies()}: what PostgreSQL sends is dropped, what Hookline sends still arrives. */
    private volatile boolean swallowing;
    /** Set by {@link #swallowStatements()}: what Hookline sends is dropped on the way to PostgreSQL. */
    private volatile boolean deaf;
    /**
     * Connections that {@link #dropAll()} is closing keep losing bytes as they did (review: connections made meanwhile
     * must not lose theirs, and these must not leak an answer before they are closed).
     */
    private final Set<NetSocket> repliesLost = ConcurrentHashMap.newKeySet();

    private final Set<NetSocket> statementsLost = ConcurrentHashMap.newKeySet();
    /** Set by {@link #cut()}: a connection whose upstream connects after the cut is closed, never relayed. */
    private volatile boolean down;

    private int port;

    private TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
    }

    public static TcpProxy start(Vertx vertx, String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(vertx, targetHost, targetPort);
        proxy.listen(0);
        return proxy;
    }

    private void listen(int onPort) {
        server = vertx.createNetServer();
        server.connectHandler(this::relay);
        port = Await.result(server.listen(onPort, "127.0.0.1")).actualPort();
    }

    private void relay(NetSocket downstream) {
        downstream.pause();
        sockets.add(downstream);
        if (blackhole) {
            return; // accepted, never answered: the client waits until its own timeouts
        }
        // a downstream closed while its upstream was still connecting (dropAll, cut) must not leave that upstream,
        // and its PostgreSQL backend, open for the rest of the test
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<NetSocket> relayedTo = new AtomicReference<>();
        downstream.closeHandler(v -> {
            closed.set(true);
            NetSocket upstream = relayedTo.get();
            if (upstream != null) {
                upstream.close();
            }
        });
        client.connect(targetPort, targetHost).onComplete(ar -> {
            if (ar.failed()) {
                downstream.close();
                return;
            }
            NetSocket upstream = ar.result();
            relayedTo.set(upstream);
            if (down || closed.get()) {
                upstream.close();
                downstream.close();
                return;
            }
            sockets.add(upstream);
            downstream.handler(bytes -> {
                if (!deaf && !statementsLost.contains(downstream)) {
                    upstream.write(bytes);
                }
            });
            upstream.handler(bytes -> {
                if (!swallowing && !repliesLost.contains(downstream)) {
                    downstream.write(bytes);
                }
            });
            upstream.closeHandler(v -> downstream.close());
            downstream.resume();
        });
    }

    public int port() {
        return port;
    }

    /** Drops every connection and refuses new ones. */
    public void cut() {
        down = true;
        Await.result(server.close());
        // wait until every connection is really closed: a statement sent after cut() returns must never reach the
        // server
        closeAll();
    }

    /** Undoes {@link #cut()}, {@link #blackhole()} and the swallowing; nothing when none is in effect. */
    public void restore() {
        if (blackhole) {
            blackhole = false;
            closeAll();
        } else if (down) {
            down = false;
            listen(port);
        } else if (swallowing || deaf) {
            closeAll();
        }
    }

    /**
     * From now on PostgreSQL's answers are lost on the way back, on every connection, while Hookline's statements
     * still reach it: a statement runs, commits, and its answer never arrives (the break the caller then makes with
     * {@link #dropAll()} or {@link #cut()} falls between a commit and its answer).
     */
    public void swallowReplies() {
        swallowing = true;
    }

    /** From now on Hookline's statements are lost on the way to PostgreSQL, on every connection. */
    public void swallowStatements() {
        deaf = true;
    }

    /** Drops every connection, and relays new ones normally again (both ways). */
    public void dropAll() {
        closeAll();
    }

    /** Closes every connection; only then are bytes relayed both ways again (for the connections made after). */
    private void closeAll() {
        Set<NetSocket> closing = Set.copyOf(sockets);
        if (swallowing) {
            repliesLost.addAll(closing);
        }
        if (deaf) {
            statementsLost.addAll(closing);
        }
        swallowing = false;
        deaf = false;
        Await.result(
                io.vertx.core.Future.join(closing.stream().map(NetSocket::close).toList()));
        sockets.removeAll(closing);
    }

    /** Drops every connection and accepts new ones without ever forwarding a byte (a silent network). */
    public void blackhole() {
        blackhole = true;
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    @Override
    public void close() {
        Await.result(server.close());
        sockets.forEach(NetSocket::close);
    }
}
