package io.hookline.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
        client.connect(targetPort, targetHost).onComplete(ar -> {
            if (ar.failed()) {
                downstream.close();
                return;
            }
            NetSocket upstream = ar.result();
            if (down) {
                upstream.close();
                downstream.close();
                return;
            }
            sockets.add(upstream);
            downstream.handler(upstream::write);
            upstream.handler(downstream::write);
            downstream.closeHandler(v -> upstream.close());
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
        Await.result(
                io.vertx.core.Future.join(sockets.stream().map(NetSocket::close).toList()));
        sockets.clear();
    }

    public void restore() {
        if (blackhole) {
            blackhole = false;
            sockets.forEach(NetSocket::close);
            sockets.clear();
        } else {
            down = false;
            listen(port);
        }
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
