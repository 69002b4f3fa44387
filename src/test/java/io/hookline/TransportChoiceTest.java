package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hookline.app.Transports;
import io.hookline.config.ConfigException;
import io.hookline.config.ConfigLoader;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HOOKLINE_TRANSPORT}: each transport carries the whole path (ingest, PostgreSQL, signed POSTs to a real
 * receiver), {@code auto} takes epoll where available (io_uring only when named), and a value that is not a transport
 * is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportChoiceTest {

    private TestDatabase db;
    private Vertx receivers;

    @BeforeAll
    void start() {
        db = TestDatabase.create();
        receivers = Vertx.vertx();
    }

    @AfterAll
    void stop() {
        receivers.close().await();
        db.close();
    }

    /**
     * Three webhooks on one receiver that Hookline has no connection to yet: three connections opened at once. With
     * the io_uring transport of Netty 4.2.10 two of them were shut down before their request went out.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void eachTransportDeliversAnEventToThreeWebhooksOnOneNewReceiver(String transport) {
        assumeThat(transport.equals("nio") || available(transport))
                .as(transport + " on this machine")
                .isTrue();
        try (Hookline hookline = Hookline.start(db.url(), new JsonObject().put("transport", transport));
                Receiver receiver = Receiver.start(receivers)) {
            assertThat(Transports.nameOf(hookline.vertx())).isEqualTo(transport);
            String ws = hookline.workspace("ws-" + transport.replace("_", "-"));
            for (String path : List.of("/a", "/b", "/c")) {
                hookline.webhook(ws, receiver.url(path), "message:new");
            }
            String uid = Events.uid();
            JsonObject event = Events.message(ws, uid, "sent");

            assertThat(hookline.postEvent(event).status()).isEqualTo(202);

            List<Receiver.Request> got = receiver.await(3, Duration.ofSeconds(20));
            assertThat(got).extracting(Receiver.Request::path).containsExactlyInAnyOrder("/a", "/b", "/c");
            assertThat(got).allSatisfy(r -> {
                assertThat(r.header("webhook-id")).isEqualTo(event.getString("id"));
                assertThat(r.bodyText()).contains(uid);
            });
        }
    }

    @Test
    void autoTakesEpollWhereAvailableAndNioOtherwise() {
        String expected = available("epoll") ? "epoll" : "nio";
        try (Hookline hookline = Hookline.start(db.url(), new JsonObject())) {
            assertThat(Transports.nameOf(hookline.vertx())).isEqualTo(expected);
        }
    }

    @Test
    void aValueThatIsNotATransportIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_TRANSPORT", "uring")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HOOKLINE_TRANSPORT")
                .hasMessageContaining("auto, io_uring, epoll, nio");
    }

    private static boolean available(String name) {
        Transport t = name.equals("io_uring") ? Transport.IO_URING : Transport.EPOLL;
        return t != null && t.available();
    }
}
