package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Mail;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Verifies auto-disable: more than 10 failures in a row disable a webhook, once, with one mail (GreenMail as the SMTP
 * server), an audit entry by {@code system}, nothing retried and nothing more sent; a success resets the count;
 * re-enabling resets it too.
 */
class AutoDisableTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Mail mail;

    @Override
    protected JsonObject settings() {
        mail = closeLater(Mail.start());
        return new JsonObject()
                .put("smtp_host", "127.0.0.1")
                .put("smtp_port", mail.port())
                .put("smtp_from", "hookline@test.local");
    }

    private String post(String ws) {
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        return event.getString("id");
    }

    /** Posts one event and waits until its attempt is stored. */
    private String deliverOne(String ws, Receiver receiver) {
        String id = post(ws);
        receiver.awaitEvent(id, WAIT);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", id);
        return id;
    }

    private JsonObject webhookState(String ws, String id) {
        return hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                .json();
    }

    private JsonObject awaitDisabled(String ws, String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject state = webhookState(ws, id);
        while (state.getBoolean("enabled") && System.nanoTime() < deadline) {
            Receiver.sleep(20);
            state = webhookState(ws, id);
        }
        return state;
    }

    private List<MimeMessage> mailsTo(String address) {
        return mail.messages().stream()
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(address);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void theEleventhFailureInARowDisablesTheWebhookOnceWithOneMailAndNothingMoreIsSent() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500).answerBody("boom");
        // a query where receivers often keep a secret: mails show the path without it
        JsonObject webhook = hookline.webhook(ws, receiver.url() + "?key=QSECRET", "message:new");
        String id = webhook.getString("id");

        for (int i = 1; i <= 10; i++) {
            deliverOne(ws, receiver);
            assertThat(webhookState(ws, id).getBoolean("enabled"))
                    .as("after %d failures", i)
                    .isTrue();
        }
        assertThat(webhookState(ws, id).getInteger("errors_counter")).isEqualTo(10);
        deliverOne(ws, receiver);
        JsonObject disabled = awaitDisabled(ws, id);

        assertThat(disabled.getBoolean("enabled")).isFalse();
        assertThat(disabled.getString("disabled_reason")).isEqualTo("too_many_failures");
        assertThat(disabled.getString("disabled_at")).isNotNull();
        assertThat(disabled.getInteger("errors_counter")).isEqualTo(11);

        String twelfth = post(ws);
        awaitCount(1, "SELECT count(*) FROM events WHERE id = ? AND " + SKIP_REASON + " IS NOT NULL", twelfth);
        // negative check, a fixed window on purpose: nothing more may be sent within it
        Receiver.sleep(500);
        assertThat(receiver.requests()).hasSize(11);
        JsonObject lookup = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + twelfth, null)
                .json();
        assertThat(lookup.getString("status")).isEqualTo("skipped");
        // event lookup names the webhook it was meant for is listed as not reached, and why
        assertThat(lookup.getJsonArray("deliveries")).hasSize(1);
        JsonObject dropped = lookup.getJsonArray("deliveries").getJsonObject(0);
        assertThat(dropped.getString("webhook_id")).isEqualTo(id);
        assertThat(dropped.getString("outcome")).isEqualTo("dropped");
        assertThat(dropped.getString("reason")).isEqualTo("webhook_disabled");
        assertThat(dropped.getValue("attempted_at")).isNull();

        // every failure is in the log once, none retried
        JsonArray log = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/log", null)
                .jsonArray();
        assertThat(log).hasSize(11);
        Set<String> loggedIds = new HashSet<>();
        log.forEach(e -> loggedIds.add(((JsonObject) e).getString("event_id")));
        Set<String> receivedIds = new HashSet<>();
        receiver.requests().forEach(r -> receivedIds.add(r.header("webhook-id")));
        assertThat(loggedIds).hasSize(11).isEqualTo(receivedIds);
        assertThat(log.stream().map(e -> ((JsonObject) e).getString("error"))).containsOnly("HTTP 500");

        // the audit entry, by system
        JsonObject audit = hookline.admin("GET", "/v1/workspaces/" + ws + "/audit", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(audit.getString("action")).isEqualTo("webhook.auto_disabled");
        assertThat(audit.getString("actor")).isEqualTo("system");
        assertThat(audit.getString("webhook_id")).isEqualTo(id);
        assertThat(audit.getJsonObject("before").getBoolean("enabled")).isTrue();
        assertThat(audit.getJsonObject("after").getBoolean("enabled")).isFalse();
        assertThat(audit.getJsonObject("after").getString("disabled_reason")).isEqualTo("too_many_failures");

        // exactly one mail, saying what happened and what to do
        String address = "ops-" + ws + "@example.com";
        mail.await(1, 20_000);
        // negative check, a fixed window on purpose: no second mail may arrive within it
        Receiver.sleep(1500);
        mail.await(2, 20_000);
        List<MimeMessage> mails = mailsTo(address);
        assertThat(mails).as("the warning at 5 failures and the disable").hasSize(2);
        List<MimeMessage> disables =
                mails.stream().filter(m -> subject(m).contains("disabled")).toList();
        assertThat(disables).hasSize(1);
        assertThat(mails.stream().filter(m -> subject(m).contains("Webhook failing: 5 failed")))
                .hasSize(1);
        MimeMessage message = disables.get(0);
        assertThat(message.getFrom()[0].toString()).isEqualTo("hookline@test.local");
        assertThat(message.getSubject()).contains(receiver.url()).contains("11");
        String body = Mail.body(message);
        assertThat(body).doesNotContain("QSECRET");
        assertThat(body)
                .contains(ws)
                .contains("Workspace " + ws)
                .contains(id)
                .contains(receiver.url())
                .contains("message:new")
                .contains("11")
                .contains("HTTP 500")
                .contains("/v1/workspaces/" + ws + "/webhooks/" + id + "/log")
                .contains("{\"enabled\": true}")
                .contains("GET /v1/workspaces/" + ws + "/webhooks/" + id + "/log?limit=100")
                .contains(" /console/#/ws/" + ws + "/webhooks/" + id)
                .doesNotContain("{{");
        JsonObject notification = hookline.admin("GET", "/v1/workspaces/" + ws + "/notifications", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(notification.getString("kind")).isEqualTo("webhook_auto_disabled");
        assertThat(notification.getString("to")).isEqualTo(address);
        assertThat(notification.getString("status")).isEqualTo("sent");
        assertThat(notification.getString("sent_at")).isNotNull();
        assertThat(notification.getString("subject")).isEqualTo(message.getSubject());
    }

    @Test
    void aBurstToAFailingReceiverSendsNoMoreThanElevenAndDropsTheRest() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(503);
        JsonObject webhook = hookline.webhook(ws, receiver.url(), "message:new");
        JsonArray batch = new JsonArray();
        for (int i = 0; i < 30; i++) {
            batch.add(Events.message(ws, Events.uid(), "sent"));
        }

        assertThat(hookline.postBatch(new JsonObject().put("events", batch)).status())
                .isEqualTo(202);

        JsonObject disabled = awaitDisabled(ws, webhook.getString("id"));
        assertThat(disabled.getBoolean("enabled")).isFalse();
        // negative check, a fixed window on purpose: nothing more may be sent within it
        Receiver.sleep(1000);
        assertThat(receiver.requests()).hasSize(11);
        awaitCount(
                30,
                "SELECT count(*) FROM events e WHERE e.workspace_id = ? AND NOT EXISTS "
                        + "(SELECT 1 FROM pending_events p WHERE p.seq = e.seq)",
                ws);
        assertThat(count(
                        "SELECT count(*) FROM events WHERE workspace_id = ? AND " + SKIP_REASON
                                + " = 'webhook_disabled'",
                        ws))
                .isEqualTo(19);
    }

    /**
     * PostgreSQL may roll the attempt writer's transaction back to break a deadlock: here a session holds the lock the
     * disable's fold drop waits for, then wants the webhook row the writer has updated. Nothing of the transaction was
     * kept, so it is written again. Before, a batch of one was taken as refused for its content and left out: the
     * eleventh failure's attempt was never stored and the webhook stayed enabled.
     */
    @Test
    void anAttemptWhoseTransactionLostADeadlockIsStoredAgainAndDisablesTheWebhook() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 1; i <= 10; i++) {
            deliverOne(ws, receiver);
        }
        String eleventh;
        try (java.sql.Connection other = db.connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(7310031)"); // the fold claimer's lock
            eleventh = post(ws);
            receiver.awaitEvent(eleventh, WAIT);
            awaitCount(
                    1,
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7310031 AND NOT granted"
                            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            try (java.sql.PreparedStatement st =
                    other.prepareStatement("SELECT 1 FROM webhooks WHERE id = ?::uuid FOR UPDATE")) {
                st.setString(1, id);
                st.setQueryTimeout(20);
                st.executeQuery().close(); // the deadlock: PostgreSQL rolls the writer back, which waited first
            }
            other.commit();
        }
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", eleventh);
        JsonObject disabled = awaitDisabled(ws, id);
        assertThat(disabled.getBoolean("enabled")).isFalse();
        assertThat(disabled.getInteger("errors_counter")).isEqualTo(11);
        assertThat(receiver.requests()).hasSize(11);
    }

    /**
     * A statement cancelled on a healthy row (a DBA's cancel, a statement_timeout or lock_timeout) is an outage to wait
     * out, not a row PostgreSQL refuses for its content: the attempt written alone was dropped (code review).
     */
    @Test
    void anAttemptWhoseStatementWasCancelledIsStoredOnTheNextTry() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        String event;
        try (java.sql.Connection other = db.connect()) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement st =
                    other.prepareStatement("SELECT 1 FROM webhooks WHERE id = ?::uuid FOR NO KEY UPDATE")) {
                st.setString(1, id);
                st.executeQuery().close();
            }
            event = post(ws);
            receiver.awaitEvent(event, WAIT);
            String waiting = "FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    + " AND query LIKE '%UPDATE webhooks w SET errors_counter%'";
            awaitCount(1, "SELECT count(*) " + waiting);
            assertThat(count("SELECT count(*) FROM (SELECT pg_cancel_backend(pid) " + waiting + ") c"))
                    .isEqualTo(1);
            Receiver.sleep(300); // the writer's next try waits on the row again
            other.commit();
        }
        awaitCount(1, "SELECT count(*) FROM attempts WHERE event_id = ?", event);
        assertThat(webhookState(ws, id).getInteger("errors_counter")).isEqualTo(1);
    }

    @Test
    void aSuccessResetsTheRun() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");

        for (int i = 0; i < 10; i++) {
            deliverOne(ws, receiver);
        }
        receiver.answer(200);
        deliverOne(ws, receiver);
        assertThat(webhookState(ws, id).getInteger("errors_counter")).isZero();
        receiver.answer(500);
        for (int i = 0; i < 10; i++) {
            deliverOne(ws, receiver);
        }

        JsonObject state = webhookState(ws, id);
        assertThat(state.getBoolean("enabled")).isTrue();
        assertThat(state.getInteger("errors_counter")).isEqualTo(10);
        assertThat(receiver.requests()).hasSize(21);
    }

    @Test
    void reEnablingResetsTheCounterAndDeliveriesFlowAgain() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 0; i < 11; i++) {
            deliverOne(ws, receiver);
        }
        assertThat(awaitDisabled(ws, id).getBoolean("enabled")).isFalse();

        receiver.answer(200);
        Http.Response enabled = hookline.admin(
                "PATCH", "/v1/workspaces/" + ws + "/webhooks/" + id, new JsonObject().put("enabled", true));
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().getInteger("errors_counter")).isZero();
        assertThat(enabled.json().getValue("disabled_reason")).isNull();

        for (int i = 0; i < 3; i++) {
            deliverOne(ws, receiver);
        }
        assertThat(receiver.requests()).hasSize(14);
        assertThat(webhookState(ws, id)
                        .getJsonObject("stats")
                        .getJsonObject("last_response")
                        .getInteger("status_code"))
                .isEqualTo(200);
    }

    @Test
    void failedTestSendsDoNotCountTowardAutoDisable() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "call:incoming:missed").getString("id");
        hookline.postEvent(Events.call(ws, "incoming", "Missed"));
        receiver.await(1, WAIT);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        for (int i = 0; i < 12; i++) {
            Http.Response r = hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks/" + id + "/test", null);
            assertThat(r.json().getBoolean("success")).isFalse();
        }

        JsonObject state = webhookState(ws, id);
        assertThat(state.getBoolean("enabled")).isTrue();
        assertThat(state.getInteger("errors_counter")).isEqualTo(1);
        assertThat(receiver.requests()).hasSize(13);
    }
}
