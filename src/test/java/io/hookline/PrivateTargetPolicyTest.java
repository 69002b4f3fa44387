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
import java.util.List;
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
        ::ffff:127.0.0.1 mapped.test
        192.0.2.5 doc.test
        2001:db8::5 doc6.test
        2002:a00:1::1 sixtofour.test
        """);
        db = TestDatabase.create();
        hookline = Hookline.start(
                db.url(),
                new JsonObject().put("allow_private_targets", false),
                new VertxOptions()
                        .setAddressResolverOptions(new AddressResolverOptions().setHostsPath(hosts.toString())),
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
        return hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject().put("url", url).put("event_type", "message:new"));
    }

    private void refused(String url, String expectedRule) {
        Http.Response r = create(url);
        assertThat(r.status()).as(url + " → " + r.body()).isEqualTo(422);
        assertThat(r.errorCode()).isEqualTo("validation_failed");
        JsonObject detail =
                r.json().getJsonObject("error").getJsonArray("details").getJsonObject(0);
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

    /** The exact URLs of issue 8: zone ids hid loopback, link-local and private targets from the check. */
    @Test
    void zoneIdsAreRefusedAtCreateAndAtPatch() {
        String existing = create("https://public.test/keep").json().getString("id");
        List<String> hostile = List.of(
                "http://[::ffff:127.0.0.1%1]:8080/",
                "http://[::ffff:169.254.169.254%1]/",
                "http://[::ffff:10.0.0.1%1]/",
                "http://[fe80::1%25eth0]/",
                "http://[::1%1]/hook");
        for (String url : hostile) {
            refused(url, "zone");
            Http.Response patch = hookline.admin(
                    "PATCH", "/v1/workspaces/" + ws + "/webhooks/" + existing, new JsonObject().put("url", url));
            assertThat(patch.status()).as(url + " → " + patch.body()).isEqualTo(422);
            assertThat(patch.json()
                            .getJsonObject("error")
                            .getJsonArray("details")
                            .getJsonObject(0)
                            .getString("field"))
                    .isEqualTo("url");
        }
        assertThat(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + existing, null)
                        .json()
                        .getString("url"))
                .isEqualTo("https://public.test/keep");
        hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + existing, null);
    }

    @Test
    void specialPurposeRangesAreRefusedDecidingByTheAddressBytes() {
        refused("http://[::ffff:127.0.0.1]/", "loopback");
        refused("http://[::ffff:7f00:1]/", "loopback");
        refused("http://[::127.0.0.1]/", "loopback");
        refused("http://[64:ff9b::a9fe:a9fe]/", "link-local");
        refused("http://[64:ff9b:1::a00:1]/", "64:ff9b:1::/48");
        refused("http://192.0.2.10/", "documentation");
        refused("http://198.51.100.7/", "documentation");
        refused("http://203.0.113.200/", "documentation");
        refused("http://[2001:db8::1]/", "documentation");
        refused("http://[2002:7f00:1::1]/", "6to4");
        refused("http://[2002:5db8:d822::1]/", "6to4");
        refused("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo");
        refused("http://[100::1]/", "discard");
        refused("http://192.88.99.1/", "6to4 relay");
        refused("http://255.255.255.255/", "broadcast");
        refused("http://240.0.0.1/", "reserved");
        refused("http://198.18.0.1/", "benchmarking");
        refused("http://192.0.0.170/", "192.0.0.0/24");
        refused("http://[fec0::1]/", "site-local");
        refused("http://[::]/", "unspecified");
        refused("http://[ff02::1]/", "multicast");
        refused("http://mapped.test/", "loopback");
        refused("http://doc.test/", "'doc.test' resolves to a documentation address 192.0.2.5");
        refused("http://doc6.test/", "documentation");
        refused("http://sixtofour.test/", "carries IPv4 10.0.0.1");
    }

    @Test
    void portsOutsideOneTo65535AreRefused() {
        refused("http://public.test:0/x", "port");
        refused("http://public.test:65536/x", "port");
        refused("http://public.test:99999/x", "port");
        refused("http://public.test:4294967377/x", "port");
    }

    @Test
    void publicAddressesBehindNat64OrGlobalIpv6AreAccepted() {
        for (String url : List.of(
                "http://[64:ff9b::5db8:d822]/hook",
                "http://[2606:2800:220:1::1]/hook",
                "http://public.test:65535/hook",
                "http://[::ffff:93.184.216.34]/hook")) {
            Http.Response r = create(url);
            assertThat(r.status()).as(url + " → " + r.body()).isEqualTo(201);
            hookline.admin(
                    "DELETE", "/v1/workspaces/" + ws + "/webhooks/" + r.json().getString("id"), null);
        }
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
        assertThat(hookline.admin(
                                "DELETE",
                                "/v1/workspaces/" + ws + "/webhooks/" + r.json().getString("id"),
                                null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void theRuleIsCheckedAgainAtDeliveryTime() throws Exception {
        Receiver receiver = Receiver.start(receivers);
        String hookWs = hookline.workspace("policy-late-" + Events.uid().substring(0, 6));
        // as if the host's DNS answer had changed since the webhook was saved
        try (Connection conn = db.connect();
                PreparedStatement st = conn.prepareStatement(
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
                    .json()
                    .getJsonArray("deliveries");
            if (!attempts.isEmpty()) {
                error = "";
            }
            Receiver.sleep(50);
        }
        assertThat(error).as("an attempt was recorded").isNotNull();
        String webhookId = hookline.admin("GET", "/v1/workspaces/" + hookWs + "/webhooks", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0)
                .getString("id");
        JsonObject attempt = hookline.admin(
                        "GET", "/v1/workspaces/" + hookWs + "/webhooks/" + webhookId + "/attempts", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(attempt.getBoolean("success")).isFalse();
        assertThat(attempt.getString("error"))
                .contains("loopback address 127.0.0.1")
                .contains("HOOKLINE_ALLOW_PRIVATE_TARGETS");
        assertThat(receiver.requests()).isEmpty();
        receiver.close();
    }
}
