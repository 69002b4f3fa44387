package hookline.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer and the receiver of the chaos run, in one process so it knows exactly which events got a 202 and
 * which webhook ids arrived: posts {@code rate} events/s for {@code seconds} to the ingest URL (loopback only),
 * then waits until every accepted event arrived or {@code drainSeconds} passed, and prints
 * accepted / delivered / lost / duplicated.
 *
 * <p>Arguments: ingestUrl token workspace receiverPort rate seconds drainSeconds
 */
public final class Chaos {

  private Chaos() {
  }

  public static void main(String[] args) throws Exception {
    String ingest = args[0];
    if (!ingest.startsWith("http://127.0.0.1") && !ingest.startsWith("http://localhost")) {
      throw new IllegalArgumentException("chaos traffic goes to loopback only");
    }
    String token = args[1];
    String workspace = args[2];
    int receiverPort = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int drainSeconds = Integer.parseInt(args[6]);

    Map<String, Integer> received = new ConcurrentHashMap<>();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String id = req.getHeader("webhook-id");
      if (id != null) {
        received.merge(id, 1, Integer::sum);
      }
      req.response().end("ok");
    })).listen(receiverPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get();

    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger unavailable = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ExecutorService senders = Executors.newFixedThreadPool(16);
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    for (long i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      senders.submit(() -> post(client, ingest, token, workspace, accepted, unavailable, refused));
      if (i % rate == 0) {
        System.out.printf("t=%ds accepted=%d delivered=%d 503=%d refused=%d%n", i / rate, accepted.size(),
            received.size(), unavailable.get(), refused.get());
      }
    }
    senders.shutdown();
    senders.awaitTermination(60, TimeUnit.SECONDS);

    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (!received.keySet().containsAll(accepted) && System.nanoTime() < drainUntil) {
      TimeUnit.MILLISECONDS.sleep(500);
    }
    long lost = accepted.stream().filter(id -> !received.containsKey(id)).count();
    long duplicated = received.entrySet().stream().filter(e -> e.getValue() > 1).count();
    long delivered = accepted.stream().filter(received::containsKey).count();
    System.out.printf("RESULT accepted=%d delivered=%d lost=%d duplicated=%d (503 answers=%d, refused=%d)%n",
        accepted.size(), delivered, lost, duplicated, unavailable.get(), refused.get());
    vertx.close();
    System.exit(lost == 0 ? 0 : 1);
  }

  private static void post(HttpClient client, String ingest, String token, String workspace, Set<String> accepted,
                           AtomicInteger unavailable, AtomicInteger refused) {
    String id = UUID.randomUUID().toString();
    String body = "{\"id\":\"" + id + "\",\"workspace_id\":\"" + workspace + "\",\"type\":\"message\","
        + "\"chat\":{\"chat_id\":1,\"chat_type\":\"direct\"},\"message\":{\"message_uid\":\"" + id + "\","
        + "\"direction\":\"received\",\"timestamp\":\"2026-05-24T10:35:18+02:00\",\"text\":\"chaos\"}}";
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
          .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() == 202 || r.statusCode() == 200) {
        accepted.add(id);
      } else if (r.statusCode() == 503) {
        unavailable.incrementAndGet();
      }
    } catch (Exception e) {
      refused.incrementAndGet();
    }
  }
}
