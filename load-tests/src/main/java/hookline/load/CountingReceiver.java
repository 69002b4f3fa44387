package hookline.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The webhook receiver of the load tests: answers 200 to every POST, counts them, and measures ingest-to-delivery
 * latency from the producer's send time that the simulation writes into the message text ({@code "t=<micros>"}).
 * {@code GET /stats} reports; {@code POST /reset} starts over. Loopback only.
 *
 * <p>Arguments: port [answerDelayMs=0]: with a delay it plays a slow receiver that answers each POST that late.
 */
public final class CountingReceiver {

  private static final int BUCKETS = 120_000; // 1 ms buckets up to 2 minutes
  private static final AtomicLong COUNT = new AtomicLong();
  private static final AtomicLong FIRST = new AtomicLong();
  private static final AtomicLong LAST = new AtomicLong();
  private static volatile AtomicLongArray latencies = new AtomicLongArray(BUCKETS);
  private static final byte[] MARK = "\"text\":\"t=".getBytes();

  private CountingReceiver() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/stats")) {
        req.response().putHeader("content-type", "application/json").end(stats().encode());
      } else if (req.path().equals("/reset")) {
        COUNT.set(0);
        FIRST.set(0);
        LAST.set(0);
        latencies = new AtomicLongArray(BUCKETS);
        req.response().end("reset");
      } else {
        req.body().onSuccess(body -> {
          long now = System.currentTimeMillis() * 1000;
          FIRST.compareAndSet(0, now);
          LAST.set(now);
          COUNT.incrementAndGet();
          long sent = sentMicros(body);
          if (sent > 0) {
            latencies.incrementAndGet((int) Math.max(0, Math.min(BUCKETS - 1, (now - sent) / 1000)));
          }
          if (delayMs > 0) {
            vertx.setTimer(delayMs, id -> req.response().end("ok"));
          } else {
            req.response().end("ok");
          }
        });
      }
    }).listen(port, "127.0.0.1").onSuccess(s -> System.out.println("receiver listening on " + port));
  }

  private static long sentMicros(Buffer body) {
    int n = body.length();
    outer:
    for (int i = 0; i + MARK.length < n; i++) {
      for (int j = 0; j < MARK.length; j++) {
        if (body.getByte(i + j) != MARK[j]) {
          continue outer;
        }
      }
      long value = 0;
      for (int k = i + MARK.length; k < n; k++) {
        byte b = body.getByte(k);
        if (b < '0' || b > '9') {
          break;
        }
        value = value * 10 + (b - '0');
      }
      return value;
    }
    return -1;
  }

  private static JsonObject stats() {
    AtomicLongArray l = latencies;
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += l.get(i);
    }
    return new JsonObject().put("count", COUNT.get()).put("first_ms", FIRST.get() / 1000).put("last_ms", LAST.get() / 1000)
        .put("seconds", Math.max(0.001, (LAST.get() - FIRST.get()) / 1_000_000.0))
        .put("latency_p50_ms", percentile(l, total, 0.50)).put("latency_p99_ms", percentile(l, total, 0.99));
  }

  private static long percentile(AtomicLongArray l, long total, double p) {
    long target = (long) Math.ceil(total * p);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += l.get(i);
      if (seen >= target && total > 0) {
        return i;
      }
    }
    return -1;
  }
}
