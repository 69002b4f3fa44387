package hookline.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link OpenLoop} (same arguments, same output line) on plain non-blocking sockets, one thread, no HTTP library: a
 * fixed-rate generator that costs a fraction of the CPU of one built on a full HTTP client, so on a small machine it
 * takes less from the server it measures. Each request is measured from the moment it was due (a request waiting for
 * a free connection is counted as waiting). Keep-alive HTTP/1.1, one request in flight per connection; answers must
 * carry a {@code content-length} (Hookline's do). On standard error it also names the measured seconds in which a request
 * took over 25 ms ({@link SlowSeconds}). Loopback only; stops by itself at most 60 s after the last request
 * was due.
 */
public final class OpenLoopRaw {

  /** One keep-alive connection and the request it carries. */
  private static final class Conn {
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer out;
    long index = -1;
    long dueNanos;
    byte[] in = new byte[4096];
    int inLength;
  }

  private final Latencies latencies = new Latencies();
  private final SlowSeconds slowSeconds;
  private final Map<String, Integer> failures = new TreeMap<>();
  private final ArrayDeque<long[]> waiting = new ArrayDeque<>();
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private final Selector selector = Selector.open();
  private final InetSocketAddress address;
  private final byte[] head;
  private final Template template;
  private final long rate;
  private final long warmup;
  private final long total;
  private long done;

  private OpenLoopRaw(URI url, String token, Template template, long rate, long seconds, long warmupSeconds)
      throws IOException {
    this.address = new InetSocketAddress(url.getHost(), url.getPort());
    this.head = ("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
        + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token + "\r\nContent-Length: ")
        .getBytes(StandardCharsets.US_ASCII);
    this.template = template;
    this.rate = rate;
    this.warmup = rate * warmupSeconds;
    this.total = warmup + rate * seconds;
    this.slowSeconds = new SlowSeconds(seconds, 25);
  }

  public static void main(String[] args) throws Exception {
    long rate = Long.parseLong(args[2]);
    long seconds = Long.parseLong(args[3]);
    int connections = args.length > 5 ? Integer.parseInt(args[5]) : 256;
    long warmupSeconds = args.length > 6 ? Long.parseLong(args[6]) : 0;
    URI reset = args.length > 7 ? URI.create(args[7]) : null;
    OpenLoopRaw load = new OpenLoopRaw(URI.create(args[0]), args[1], Template.read(args[4]), rate, seconds,
        warmupSeconds);
    for (int i = 0; i < connections; i++) {
      load.idle.add(load.connect(new Conn()));
    }
    load.run(seconds + warmupSeconds, reset);
    load.failures.forEach((why, n) -> System.err.println("failed " + n + "x: " + why));
    System.out.println(load.latencies.summary(rate, load.total - load.warmup));
    System.err.println(load.slowSeconds.summary());
    System.exit(0);
  }

  private Conn connect(Conn c) throws IOException {
    c.channel = SocketChannel.open(address);
    c.channel.socket().setTcpNoDelay(true);
    c.channel.configureBlocking(false);
    c.key = c.channel.register(selector, 0, c);
    c.inLength = 0;
    return c;
  }

  private void run(long seconds, URI reset) throws IOException {
    long start = System.nanoTime();
    long startMicros = System.currentTimeMillis() * 1000;
    String run = Long.toString(startMicros, 36);
    long deadline = start + (seconds + 60) * 1_000_000_000L;
    long sent = 0;
    while (done < total && System.nanoTime() < deadline) {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
      for (; sent < due; sent++) {
        if (sent == warmup && reset != null) {
          resetReceiver(reset);
        }
        waiting.add(new long[] {sent, start + sent * 1_000_000_000L / rate});
      }
      while (!waiting.isEmpty() && !idle.isEmpty()) {
        long[] next = waiting.poll();
        send(idle.poll(), next[0], next[1], run, startMicros + (next[1] - start) / 1000);
      }
      selector.select(1);
      for (SelectionKey key : selector.selectedKeys()) {
        Conn c = (Conn) key.attachment();
        if (key.isValid() && key.isWritable()) {
          write(c);
        }
        if (key.isValid() && key.isReadable()) {
          read(c);
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void send(Conn c, long index, long dueNanos, String run, long micros) throws IOException {
    StringBuilder body = new StringBuilder(2048);
    template.appendTo(body, "ol-" + run + "-" + index, micros);
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    byte[] length = (bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    c.out = ByteBuffer.allocate(head.length + length.length + bytes.length).put(head).put(length).put(bytes).flip();
    c.index = index;
    c.dueNanos = dueNanos;
    write(c);
  }

  private void write(Conn c) throws IOException {
    try {
      c.channel.write(c.out);
    } catch (IOException e) {
      failed(c, String.valueOf(e));
      return;
    }
    c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  private void read(Conn c) throws IOException {
    int n;
    try {
      if (c.inLength == c.in.length) {
        c.in = java.util.Arrays.copyOf(c.in, c.in.length * 2);
      }
      n = c.channel.read(ByteBuffer.wrap(c.in, c.inLength, c.in.length - c.inLength));
    } catch (IOException e) {
      failed(c, String.valueOf(e));
      return;
    }
    if (n < 0) {
      failed(c, "connection closed before the answer");
      return;
    }
    c.inLength += n;
    Answer answer = Answer.parse(c.in, c.inLength);
    if (answer == null) {
      return; // not complete yet
    }
    boolean ok = answer.status / 100 == 2;
    if (!ok) {
      failures.merge(answer.status < 0 ? "unreadable answer" : "HTTP " + answer.status, 1, Integer::sum);
    }
    finished(c, ok);
    if (answer.close || answer.status < 0) {
      reconnect(c);
    } else {
      c.inLength = 0;
      c.key.interestOps(0);
      idle.add(c);
    }
  }

  private void failed(Conn c, String why) throws IOException {
    failures.merge(why, 1, Integer::sum);
    finished(c, false);
    reconnect(c);
  }

  private void finished(Conn c, boolean ok) {
    if (c.index >= warmup) {
      long latency = System.nanoTime() - c.dueNanos;
      latencies.record(latency, ok);
      slowSeconds.record((int) ((c.index - warmup) / rate), latency);
    }
    c.index = -1;
    done++;
  }

  /** A connection the server closed is replaced; one that cannot be reopened is counted and dropped. */
  private void reconnect(Conn c) throws IOException {
    c.key.cancel();
    c.channel.close();
    try {
      idle.add(connect(c));
    } catch (IOException e) {
      failures.merge("reconnect: " + e, 1, Integer::sum);
    }
  }

  /** Tells the counting receiver that the measured part starts (its latencies then cover only that). */
  private static void resetReceiver(URI reset) {
    new Thread(() -> {
      try {
        HttpURLConnection http = (HttpURLConnection) reset.toURL().openConnection();
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        try (OutputStream out = http.getOutputStream()) {
          out.flush();
        }
        http.getResponseCode();
        http.disconnect();
      } catch (IOException e) {
        System.err.println("reset failed: " + e);
      }
    }).start();
  }

  /** A complete HTTP/1.1 answer's status and whether the server closes the connection after it; -1: unreadable. */
  private record Answer(int status, boolean close) {

    static Answer parse(byte[] in, int length) {
      int end = indexOf(in, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (end < 0) {
        return null;
      }
      String head = new String(in, 0, end, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
      int status;
      try {
        status = Integer.parseInt(head.substring(9, 12));
      } catch (RuntimeException e) {
        return new Answer(-1, true);
      }
      int at = head.indexOf("\r\ncontent-length:");
      if (at < 0) {
        return new Answer(-1, true);
      }
      int lineEnd = head.indexOf("\r\n", at + 2);
      long bodyLength = Long.parseLong(head.substring(at + 17, lineEnd < 0 ? head.length() : lineEnd).trim());
      if (length < end + 4 + bodyLength) {
        return null;
      }
      return new Answer(status, head.contains("\r\nconnection: close"));
    }

    private static int indexOf(byte[] in, int length, byte[] what) {
      for (int i = 0; i + what.length <= length; i++) {
        int j = 0;
        while (j < what.length && in[i + j] == what[j]) {
          j++;
        }
        if (j == what.length) {
          return i;
        }
      }
      return -1;
    }
  }
}
