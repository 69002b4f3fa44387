package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that webhook URLs whose host is an internationalised name or holds '_' (which java.net.URI does not take
 * for a host) are accepted and delivered to, the name looked up and sent in its ASCII form. A hosts file of the
 * test's own points those names at a loopback receiver.
 */
@Timeout(120)
class HostNamesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void internationalisedAndUnderscoreNamesAreDeliveredToUnderTheirAsciiForm() throws Exception {
        Path hosts = Files.createTempFile("hookline-hosts", ".txt");
        Files.writeString(hosts, "127.0.0.1 xn--bcher-kva.hookline.test\n127.0.0.1 my_service.hookline.test\n");
        AddressResolverOptions resolver = new AddressResolverOptions()
                .setHostsPath(hosts.toString())
                .addServer("127.0.0.1:" + Mail.freePort()) // nothing else resolves
                .setQueryTimeout(500)
                .setMaxQueries(1);
        Vertx receiverVertx = Vertx.vertx();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(
                        db.url(),
                        new JsonObject(),
                        new VertxOptions().setAddressResolverOptions(resolver),
                        Clock.systemUTC());
                Receiver receiver = Receiver.start(receiverVertx)) {
            String ws = hookline.workspace("names-" + Events.uid().substring(0, 6));
            List<String> urls = List.of(
                    "http://b\u00fccher.hookline.test:" + receiver.port() + "/idn",
                    "http://My_Service.hookline.test:" + receiver.port() + "/underscore");
            for (String url : urls) {
                Http.Response created = hookline.admin(
                        "POST",
                        "/v1/workspaces/" + ws + "/webhooks",
                        new JsonObject().put("url", url).put("event_type", "message:new"));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                assertThat(created.json().getString("url")).isEqualTo(url);
            }
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);

            List<Receiver.Request> got =
                    receiver.await(2, r -> event.getString("id").equals(r.header("webhook-id")), WAIT);
            assertThat(got.stream().map(r -> r.path() + " " + r.header("host")).toList())
                    .containsExactlyInAnyOrder(
                            "/idn xn--bcher-kva.hookline.test:" + receiver.port(),
                            "/underscore my_service.hookline.test:" + receiver.port());
        } finally {
            receiverVertx.close();
            Files.deleteIfExists(hosts);
        }
    }
}
