package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.hookline.testing.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verifies that when PostgreSQL becomes unreachable (a TCP proxy in between is cut) ingest answers 503 and stores
 * nothing, results of deliveries already under way are kept and written later, and everything works again once
 * the connection is back — without a restart.
 */
class DatabaseOutageTest extends IntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private TcpProxy proxy;
  private Hookline viaProxy;

  @BeforeAll
  void startBehindProxy() {
    proxy = TcpProxy.start(receiverVertx, db.host(), db.port());
    viaProxy = Hookline.start(db.urlVia("127.0.0.1", proxy.port()),
        new JsonObject().put("ingest_timeout_ms", 3000));
  }

  @AfterAll
  void stopProxy() {
    if (viaProxy != null) {
      viaProxy.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void ingestAnswers503DuringTheOutageAndRecoversByItself() {
    String ws = viaProxy.workspace("outage-" + Events.uid().substring(0, 8));
    Receiver receiver = receiver().delay(1500);
    viaProxy.webhook(ws, receiver.url(), "message:new");
    JsonObject beforeCut = Events.message(ws, Events.uid(), "sent");
    assertThat(viaProxy.postEvent(beforeCut).status()).isEqualTo(202);
    receiver.await(1, WAIT);

    proxy.cut();
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject event = Events.message(ws, Events.uid(), "sent");
      Http.Response r = viaProxy.postEvent(event);
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.errorCode()).isEqualTo("storage_unavailable");
      refused.add(event.getString("id"));
    }
    Http.Response batch = viaProxy.postBatch(new JsonObject().put("events",
        new io.vertx.core.json.JsonArray().add(Events.message(ws, Events.uid(), "sent"))));
    assertThat(batch.status()).isEqualTo(503);
    assertThat(Http.json("GET", viaProxy.adminUrl("/ready"), null, null).status()).isEqualTo(503);
    Receiver.sleep(2000); // the delivery in flight finishes while the database is away
    proxy.restore();

    JsonObject afterCut = Events.message(ws, Events.uid(), "sent");
    long deadline = System.nanoTime() + WAIT.toNanos();
    Http.Response r = viaProxy.postEvent(afterCut);
    while (r.status() == 503 && System.nanoTime() < deadline) {
      Receiver.sleep(200);
      r = viaProxy.postEvent(afterCut);
    }
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    receiver.awaitEvent(afterCut.getString("id"), WAIT);
    awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", beforeCut.getString("id"));
    for (String id : refused) {
      assertThat(count("SELECT count(*) FROM events WHERE id = ?", id)).as("refused event %s stored", id).isZero();
    }
    assertThat(Http.json("GET", viaProxy.adminUrl("/ready"), null, null).status()).isEqualTo(200);
  }
}
