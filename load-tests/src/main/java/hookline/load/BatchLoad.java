package hookline.load;

import io.vertx.core.Future;
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
 * Builds a backlog fast: posts {@code total} events to the batch endpoint, 1,000 per request, {@code concurrency}
 * requests at a time, as fast as they are accepted. Loopback only; bounded by {@code total}.
 *
 * <p>Arguments: batchUrl token total templateFile [concurrency=4]. Prints one line:
 * {@code batch-load events=N accepted=A seconds=S events_per_s=R}.
 */
public final class BatchLoad {

  private static final int PER_BATCH = 1000;

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args[0]);
    long total = Long.parseLong(args[2]);
    Template template = Template.read(args[3]);
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency));
    RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost())
        .setPort(url.getPort()).setURI(url.getPath()).putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + args[1]).setTimeout(120_000);
    long batches = (total + PER_BATCH - 1) / PER_BATCH;
    long start = System.nanoTime();
    long[] next = {0};
    long[] accepted = {0};
    long[] finished = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (next[0] < batches && next[0] - finished[0] < concurrency) {
        long b = next[0]++;
        int size = (int) Math.min(PER_BATCH, total - b * PER_BATCH);
        client.request(post).compose(r -> r.send(batch(template, b, size)))
            .compose(r -> r.body().map(x -> r.statusCode() == 202 ? size : 0))
            .recover(e -> Future.succeededFuture(0))
            .onSuccess(n -> {
              accepted[0] += n;
              if (++finished[0] == batches) {
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("batch-load events=%d accepted=%d seconds=%.1f events_per_s=%.0f%n", total,
                    accepted[0], secs, accepted[0] / secs);
                vertx.close().onComplete(x -> System.exit(0));
              } else {
                pump[0].run();
              }
            });
      }
    };
    vertx.runOnContext(v -> pump[0].run());
  }

  private static Buffer batch(Template template, long batch, int size) {
    StringBuilder out = new StringBuilder(size * 600).append("{\"events\":[");
    long micros = System.currentTimeMillis() * 1000;
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.append(',');
      }
      template.appendTo(out, "bl-" + batch + "-" + i, micros);
    }
    return Buffer.buffer(out.append("]}").toString());
  }
}
