package hookline.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.UUID;

/**
 * Open model: {@code rate} new producers per second for {@code duration} seconds, each posting one message event
 * to {@code target} (Hookline's ingest or the pass-through baseline). Loopback only; bounded by rate × duration.
 */
public class IngestSimulation extends Simulation {

  private static final int RATE = Integer.getInteger("rate", 2000);
  private static final int DURATION = Integer.getInteger("duration", 30);
  private static final String TARGET = System.getProperty("target", "http://127.0.0.1:8080");
  private static final String TOKEN = System.getProperty("token", "load-ingest-token");
  private static final String WORKSPACE = System.getProperty("workspace", "load");

  static {
    if (!TARGET.startsWith("http://127.0.0.1") && !TARGET.startsWith("http://localhost")) {
      throw new IllegalArgumentException("load tests send traffic to loopback only, not " + TARGET);
    }
  }

  private final HttpProtocolBuilder protocol = http.baseUrl(TARGET)
      .contentTypeHeader("application/json")
      .authorizationHeader("Bearer " + TOKEN)
      .disableWarmUp()
      .shareConnections();

  private static String event() {
    String uid = UUID.randomUUID().toString();
    long micros = System.currentTimeMillis() * 1000;
    return "{\"id\":\"" + uid + "\",\"workspace_id\":\"" + WORKSPACE + "\",\"type\":\"message\","
        + "\"chat\":{\"chat_id\":123456,\"full_name\":\"Load Test\",\"chat_type\":\"direct\",\"phone\":\"+123456789\"},"
        + "\"whatsapp_account\":{\"full_name\":\"Agent\",\"email\":\"agent@example.com\",\"phone\":\"+15550000000\"},"
        + "\"message\":{\"message_uid\":\"" + uid + "\",\"direction\":\"received\",\"timestamp\":\"2026-05-24T10:35:18+02:00\","
        + "\"text\":\"t=" + micros + "\",\"sender\":{\"full_name\":\"John\",\"phone\":\"+123456789\"}}}";
  }

  private final ScenarioBuilder producers = scenario("producers")
      .exec(http("post event").post("/v1/events").body(StringBody(session -> event())).check(status().in(200, 202)));

  {
    setUp(producers.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
        .protocols(protocol)
        .maxDuration(DURATION + 60)
        .assertions(global().failedRequests().percent().lt(1.0));
  }
}
