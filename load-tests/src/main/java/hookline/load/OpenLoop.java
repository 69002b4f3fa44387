package hookline.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * Open-loop (fixed-rate) load: {@code rate} POSTs per second for {@code seconds}, each sent when it is due whether
 * or not earlier ones were answered, and each one's latency measured from the moment it was due. A server that
 * falls behind therefore shows its queueing in the percentiles instead of slowing the generator down (no coordinated
 * omission). Loopback only; stops by itself at most 60 s after the last request was due.
 *
 * <p>Arguments: url token rate seconds templateFile [connections=256] [warmupSeconds=0] [resetUrl]. The warm-up runs
 * at the same rate in the same process (so neither Hookline nor this generator is measured cold) and is not counted;
 * when it ends, {@code resetUrl} (the counting receiver's) gets a POST so its latencies cover only the measured part.
 * Prints one line: {@code open-loop rate=R sent=N ok=M failed=F p50_ms=X p99_ms=Y max_ms=Z} (measured part only).
 */
public final class OpenLoop {

  private final Latencies latencies = new Latencies();
  private final long total;
  private final long warmup;
  private final long rate;
  private long sent;
  private long done;
  private RequestOptions resetAt;
  /** Why requests failed (warm-up included), printed to stderr at the end: a failure count alone says nothing. */
  private final java.util.Map<String, Integer> failures = new java.util.TreeMap<>();

  private OpenLoop(long rate, long seconds, long warmupSeconds) {
    this.rate = rate;
    this.warmup = rate * warmupSeconds;
    this.total = warmup + rate * seconds;
  }

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    String token = args[1];
    long rate = Long.parseLong(args[2]);
    long seconds = Long.parseLong(args[3]);
    Template template = Template.read(args[4]);
    int connections = args.length > 5 ? Integer.parseInt(args[5]) : 256;
    long warmupSeconds = args.length > 6 ? Long.parseLong(args[6]) : 0;
    URI reset = args.length > 7 ? URI.create(args[7]) : null;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    // idle connections are dropped after 5 s, before Hookline's 10 s header deadline closes them: otherwise a request
    // sent on a connection just as the server closes it fails, which says nothing about the server's latency
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(5),
        new PoolOptions().setHttp1MaxSize(connections));
    RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
        .setPort(url.getPort()).setURI(url.getPath()).putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + token);
    OpenLoop load = new OpenLoop(rate, seconds, warmupSeconds);
    load.resetAt = reset == null ? null : new RequestOptions().setMethod(HttpMethod.POST).setHost(reset.getHost())
        .setPort(reset.getPort()).setURI(reset.getPath());
    load.run(vertx, client, post, template, warmupSeconds + seconds);
  }

  private void run(Vertx vertx, HttpClient client, RequestOptions post, Template template, long seconds) {
    long startNanos = System.nanoTime();
    long startMicros = System.currentTimeMillis() * 1000;
    String run = Long.toString(startMicros, 36);
    vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (System.nanoTime() - startNanos) * rate / 1_000_000_000L + 1);
      while (sent < due) {
        long i = sent++;
        if (i == warmup && resetAt != null) {
          client.request(resetAt).compose(r -> r.send()).compose(r -> r.body());
        }
        long dueNanos = startNanos + i * 1_000_000_000L / rate;
        Buffer body = template.render("ol-" + run + "-" + i, startMicros + (dueNanos - startNanos) / 1000);
        client.request(post).compose(r -> r.send(body)).compose(r -> r.body().map(b -> r.statusCode()))
            .onComplete(ar -> {
              if (ar.failed() || ar.result() / 100 != 2) {
                failures.merge(ar.failed() ? String.valueOf(ar.cause()) : "HTTP " + ar.result(), 1, Integer::sum);
              }
              answered(i >= warmup, dueNanos, ar.succeeded() && ar.result() / 100 == 2, vertx);
            });
      }
      if (sent == total) {
        vertx.cancelTimer(id);
      }
    });
    vertx.setTimer((seconds + 60) * 1000, id -> finish(vertx));
  }

  private void answered(boolean measured, long dueNanos, boolean success, Vertx vertx) {
    if (measured) {
      latencies.record(System.nanoTime() - dueNanos, success);
    }
    if (++done == total) {
      finish(vertx);
    }
  }

  private void finish(Vertx vertx) {
    failures.forEach((why, n) -> System.err.println("failed " + n + "x: " + why));
    System.out.println(latencies.summary(rate, sent - warmup));
    vertx.close().onComplete(x -> System.exit(0));
  }
}
