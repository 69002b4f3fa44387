package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies the private-target policy with {@code HOOKLINE_ALLOW_PRIVATE_TARGETS=false}: URLs that are, or resolve
 * to, non-public addresses are refused with a 422 naming the rule, and are refused again at delivery time. Host
 * names are resolved by Hookline's real resolver, pointed at a hosts file this test writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PrivateTargetPolicyTest {

  private TestDatabase db;
  private Hookline hookline;
  private Vertx receivers;
  private Path hosts;
  private String ws;

  @BeforeAll
  void start() throws IOException {
    hosts = Files.createTempFile("hookline-hosts", ".txt");
    Files.writeString(hosts, """
        10.1.2.3 internal.test
        93.184.216.34 public.test
        169.254.169.254 metadata.test
        """);
    db = TestDatabase.create();
    hookline = Hookline.start(db.url(), new JsonObject().put("allow_private_targets", false),
        new VertxOptions().setAddressResolverOptions(new AddressResolverOptions().setHostsPath(hosts.toString())),
        Clock.systemUTC());
    receivers = Vertx.vertx();
    ws = hookline.workspace("policy-" + Events.uid().substring(0, 6));
  }

  @AfterAll
  void stop() throws IOException {
    hookline.close();
    Await.result(receivers.close());
    db.close();
    Files.deleteIfExists(hosts);
  }

  private Http.Response create(String url) {
    return hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks",
        new JsonObject().put("url", url).put("event_type", "message:new"));
  }

  private void refused(String url, String expectedRule) {
    Http.Response r = create(url);
    assertThat(r.status()).as(url + " → " + r.body()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo("validation_failed");
    JsonObject detail = r.json().getJsonObject("error").getJsonArray("details").getJsonObject(0);
    assertThat(detail.getString("field")).isEqualTo("url");
    assertThat(detail.getString("message")).as(url).contains(expectedRule);
    assertThat(r.json().getJsonObject("error").getString("message")).contains(expectedRule);
  }

  @Test
  void nonPublicTargetsAreRefusedNamingTheRule() {
    refused("http://169.254.169.254/latest/meta-data/", "link-local address 169.254.169.254");
    refused("http://127.0.0.1:1/", "loopback address 127.0.0.1");
    refused("http://[::1]/hook", "loopback address");
    refused("http://internal.test/hook", "'internal.test' resolves to a private address 10.1.2.3");
    refused("http://metadata.test/", "link-local");
    refused("http://10.0.0.5:8080/x", "private address 10.0.0.5");
    refused("http://192.168.1.10/x", "private");
    refused("http://0.0.0.0/x", "unspecified");
    refused("http://[fd12::1]/x", "unique-local");
    refused("http://224.0.0.1/x", "multicast");
  }

  @Test
  void malformedTargetsAreRefusedNamingTheRule() {
    refused("ftp://public.test/x", "http or https");
    refused("http://user:password@public.test/x", "credentials");
    refused("//public.test/x", "absolute");
  }

  @Test
  void publicTargetsAreAccepted() {
    Http.Response r = create("https://public.test/hook");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + r.json().getString("id"), null)
        .status()).isEqualTo(204);
  }

  @Test
  void theRuleIsCheckedAgainAtDeliveryTime() throws Exception {
    Receiver receiver = Receiver.start(receivers);
    String hookWs = hookline.workspace("policy-late-" + Events.uid().substring(0, 6));
    // as if the host's DNS answer had changed since the webhook was saved
    try (Connection conn = db.connect(); PreparedStatement st = conn.prepareStatement(
        "INSERT INTO webhooks (id, workspace_id, url, event_type, format, enabled, secret) "
            + "VALUES (?, ?, ?, 'message:new', 'v2', true, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')")) {
      st.setObject(1, UUID.randomUUID());
      st.setString(2, hookWs);
      st.setString(3, receiver.url());
      st.executeUpdate();
    }
    Await.result(hookline.app().subscriptions().reloadWorkspace(hookWs));
    JsonObject event = Events.message(hookWs, Events.uid(), "sent");

    assertThat(hookline.postEvent(event).status()).isEqualTo(202);

    long deadline = System.nanoTime() + 20_000_000_000L;
    String error = null;
    while (error == null && System.nanoTime() < deadline) {
      var attempts = hookline.admin("GET", "/v1/workspaces/" + hookWs + "/events/" + event.getString("id"), null)
          .json().getJsonArray("deliveries");
      if (!attempts.isEmpty()) {
        error = "";
      }
      Receiver.sleep(50);
    }
    assertThat(error).as("an attempt was recorded").isNotNull();
    String webhookId = hookline.admin("GET", "/v1/workspaces/" + hookWs + "/webhooks", null).json()
        .getJsonArray("data").getJsonObject(0).getString("id");
    JsonObject attempt = hookline.admin("GET", "/v1/workspaces/" + hookWs + "/webhooks/" + webhookId + "/attempts",
        null).json().getJsonArray("data").getJsonObject(0);
    assertThat(attempt.getBoolean("success")).isFalse();
    assertThat(attempt.getString("error")).contains("loopback address 127.0.0.1")
        .contains("HOOKLINE_ALLOW_PRIVATE_TARGETS");
    assertThat(receiver.requests()).isEmpty();
    receiver.close();
  }
}
