package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Verifies that a webhook host that does not resolve is one failed attempt with a DNS error, not a hang. */
@Timeout(120)
class DnsFailureTest {

    @Test
    void anUnresolvableHostIsAFailedAttemptNamingDns() throws Exception {
        Path hosts = Files.createTempFile("hookline-hosts", ".txt");
        // the only name server is a closed port on loopback: every lookup fails quickly and for real
        AddressResolverOptions resolver = new AddressResolverOptions()
                .setHostsPath(hosts.toString())
                .addServer("127.0.0.1:" + Mail.freePort())
                .setQueryTimeout(500)
                .setMaxQueries(1);
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(
                        db.url(),
                        new JsonObject().put("delivery_timeout_ms", 3000),
                        new VertxOptions().setAddressResolverOptions(resolver),
                        Clock.systemUTC())) {
            String ws = hookline.workspace("dns-" + Events.uid().substring(0, 6));
            String id = hookline.webhook(ws, "http://no-such-host.hookline.test/hook", "message:new")
                    .getString("id");
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);

            long deadline = System.nanoTime() + 20_000_000_000L;
            var attempts = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts", null)
                    .json()
                    .getJsonArray("data");
            while (attempts.isEmpty() && System.nanoTime() < deadline) {
                Receiver.sleep(100);
                attempts = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/attempts", null)
                        .json()
                        .getJsonArray("data");
            }
            assertThat(attempts).hasSize(1);
            Map<String, Object> attempt = attempts.getJsonObject(0).getMap();
            assertThat(attempt.get("success")).isEqualTo(false);
            assertThat(attempt.get("status_code")).isNull();
            assertThat((String) attempt.get("error"))
                    .startsWith("dns lookup failed")
                    .contains("no-such-host.hookline.test");
        } finally {
            Files.deleteIfExists(hosts);
        }
    }
}
