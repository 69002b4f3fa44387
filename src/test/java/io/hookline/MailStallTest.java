package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A mail server that accepts the connection and then says nothing. The send used to wait for it for ever: the outbox
 * stood still with no error, the two-minute claim lapsed and another instance sent the same mail a second time when
 * the first finally went through, and a SIGTERM waited for it until the process was ended without being marked
 * stopped (its mails then waited two minutes more).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MailStallTest {

    private Vertx receivers;

    @BeforeAll
    void start() {
        receivers = Vertx.vertx();
    }

    @AfterAll
    void stop() {
        Await.result(receivers.close());
    }

    private static JsonObject settings(int smtpPort, int smtpTimeoutMs) {
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", smtpPort)
                .put("smtp_timeout_ms", smtpTimeoutMs)
                .put("failure_threshold", 1)
                .put("warn_after_failures", 0);
    }

    /** A webhook whose receiver fails everything, disabled by two events: one notification to mail. */
    private String disableOneWebhook(Hookline instance) {
        String ws = instance.workspace("stall-" + Events.uid().substring(0, 6));
        Receiver failing = Receiver.start(receivers).answer(500);
        instance.webhook(ws, failing.url(), "message:new");
        for (int i = 0; i < 2; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            assertThat(instance.postEvent(event).status()).isEqualTo(202);
            failing.awaitEvent(event.getString("id"), Duration.ofSeconds(20));
        }
        return ws;
    }

    private static JsonObject notification(Hookline instance, String ws) {
        var data = instance.admin("GET", "/v1/workspaces/" + ws + "/notifications", null)
                .json()
                .getJsonArray("data");
        return data.isEmpty() ? null : data.getJsonObject(0);
    }

    @Test
    void aSendTheMailServerStopsAnsweringFailsAfterTheTimeoutAndIsRetried() throws Exception {
        int port = Mail.freePort();
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url(), settings(port, 1500))) {
            String ws;
            try (ServerSocket silent = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
                silent.setSoTimeout(20_000);
                ws = disableOneWebhook(hookline);
                try (Socket held = silent.accept()) { // connected, and never greeted
                    Await.until("the stalled send to fail", Duration.ofSeconds(20), () -> {
                        JsonObject n = notification(hookline, ws);
                        return n != null && n.getInteger("attempts") >= 1;
                    });
                }
            }
            JsonObject failed = notification(hookline, ws);
            assertThat(failed.getString("status")).isEqualTo("pending");
            assertThat(failed.getString("last_error"))
                    .isEqualTo("the mail server did not answer within 1500 ms (HOOKLINE_SMTP_TIMEOUT_MS)");

            try (Mail mail = Mail.startOn(port)) {
                assertThat(mail.await(1, 30_000)).hasSize(1);
                Await.until(
                        "the mail recorded as sent",
                        Duration.ofSeconds(10),
                        () -> "sent".equals(notification(hookline, ws).getString("status")));
                Receiver.sleep(1500); // negative check, a fixed window on purpose: no second mail within it
                assertThat(mail.messages()).hasSize(1);
            }
        }
    }

    @Test
    void aStopWithASendStalledEndsPromptlyAndAnotherInstanceMailsItAtOnce() throws Exception {
        int silentPort = Mail.freePort();
        try (TestDatabase db = TestDatabase.create();
                Mail mail = Mail.start();
                ServerSocket silent = new ServerSocket(silentPort, 50, InetAddress.getByName("127.0.0.1"))) {
            silent.setSoTimeout(20_000);
            Hookline stalled = Hookline.start(db.url(), settings(silentPort, 60_000));
            String instance = runningInstance(db);
            String ws = disableOneWebhook(stalled);
            try (Socket held = silent.accept()) {
                Await.until("the notification claimed", Duration.ofSeconds(10), () -> claimedBy(db, instance));
                long before = System.nanoTime();
                stalled.close();
                assertThat(Duration.ofNanos(System.nanoTime() - before))
                        .as("a graceful stop waits for no mail server")
                        .isLessThan(Duration.ofSeconds(8));
            }
            assertThat(stoppedAt(db, instance)).as("marked stopped").isTrue();

            try (Hookline taking = Hookline.start(db.url(), settings(mail.port(), 60_000))) {
                assertThat(mail.await(1, 15_000))
                        .as("mailed by the next instance at once, not once the claim lapsed")
                        .hasSize(1);
                Await.until(
                        "the mail recorded as sent",
                        Duration.ofSeconds(10),
                        () -> "sent".equals(notification(taking, ws).getString("status")));
            }
        }
    }

    /** The one instance running on this database. */
    private static String runningInstance(TestDatabase db) throws Exception {
        try (Connection conn = db.connect();
                ResultSet rs =
                        conn.createStatement().executeQuery("SELECT id FROM instances WHERE stopped_at IS NULL")) {
            rs.next();
            String id = rs.getString(1);
            assertThat(rs.next()).isFalse();
            return id;
        }
    }

    private static boolean claimedBy(TestDatabase db, String instance) {
        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT count(*) FROM notifications WHERE claimed_by = '" + instance + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean stoppedAt(TestDatabase db, String instance) throws Exception {
        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement()
                        .executeQuery("SELECT stopped_at IS NOT NULL FROM instances WHERE id = '" + instance + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
