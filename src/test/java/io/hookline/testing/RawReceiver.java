package io.hookline.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A loopback receiver that speaks HTTP/1.1 at the byte level, for misbehaviour a real HTTP server refuses to
 * produce (informational answers followed by another, endless or trickled bodies). It parses each request on each
 * connection and hands it to a script, and records per connection what arrived, what it managed to write and when
 * the connection closed.
 */
public final class RawReceiver implements AutoCloseable {

    /** One request as parsed off a connection. */
    public record Request(String method, String path, String webhookId, long receivedNanos) {}

    /** One accepted connection: its requests, the bytes written to it successfully, and when it closed. */
    public static final class Connection {
        private final NetSocket socket;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final AtomicLong bytesWritten = new AtomicLong();
        private volatile long closedNanos;
        private Buffer pending = Buffer.buffer();

        Connection(NetSocket socket) {
            this.socket = socket;
        }

        public NetSocket socket() {
            return socket;
        }

        public List<Request> requests() {
            return requests;
        }

        public long bytesWritten() {
            return bytesWritten.get();
        }

        public boolean closed() {
            return closedNanos != 0;
        }

        public long closedNanos() {
            return closedNanos;
        }

        /** Writes {@code text}; counted once the socket took it. */
        public Future<Void> write(String text) {
            return write(Buffer.buffer(text.getBytes(StandardCharsets.ISO_8859_1)));
        }

        public Future<Void> write(Buffer data) {
            if (closed()) {
                return Future.failedFuture("closed");
            }
            int n = data.length();
            return socket.write(data).onSuccess(v -> bytesWritten.addAndGet(n));
        }
    }

    private final NetServer server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    private RawReceiver(NetServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1; {@code script} runs on the receiver's event loop for each request. */
    public static RawReceiver start(Vertx vertx, BiConsumer<Connection, Request> script) {
        NetServer server = vertx.createNetServer();
        RawReceiver receiver = new RawReceiver(server);
        server.connectHandler(socket -> {
            Connection connection = new Connection(socket);
            receiver.connections.add(connection);
            socket.closeHandler(v -> connection.closedNanos = System.nanoTime());
            socket.handler(data -> {
                connection.pending.appendBuffer(data);
                Request request;
                while ((request = next(connection)) != null) {
                    connection.requests.add(request);
                    script.accept(connection, request);
                }
            });
        });
        Await.result(server.listen(0, "127.0.0.1"));
        return receiver;
    }

    /** The next complete request in what the connection has received, or null while it is incomplete. */
    private static Request next(Connection connection) {
        String text = connection.pending.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int length = 0;
        String webhookId = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            } else if (name.equals("webhook-id")) {
                webhookId = line.substring(colon + 1).trim();
            }
        }
        int end = headEnd + 4 + length;
        if (connection.pending.length() < end) {
            return null;
        }
        connection.pending = connection.pending.getBuffer(end, connection.pending.length());
        String[] requestLine = lines[0].split(" ");
        return new Request(requestLine[0], requestLine[1], webhookId, System.nanoTime());
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Connection> connections() {
        return connections;
    }

    /** The connection that carried the first request for {@code webhookId}, waiting for it up to {@code timeout}. */
    public Connection awaitConnectionOf(String webhookId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Connection c : connections) {
                if (c.requests.stream().anyMatch(r -> webhookId.equals(r.webhookId()))) {
                    return c;
                }
            }
            Receiver.sleep(10);
        }
        throw new AssertionError("no request for " + webhookId + " within " + timeout);
    }

    /** Waits until the connection is closed, or {@code timeout} passes; true if it closed. */
    public static boolean awaitClosed(Connection connection, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connection.closed() && System.nanoTime() < deadline) {
            Receiver.sleep(5);
        }
        return connection.closed();
    }

    @Override
    public void close() {
        connections.forEach(c -> c.socket.close());
        Await.result(server.close());
    }
}
