package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Verifies recovery: a receiver that fails, is disabled, is fixed and re-enabled, then recovered gets
 * exactly the events it missed, in order, each with its original {@code webhook-id}; one recovery per webhook at a
 * time; progress; cancel; a recovery ends {@code failed} when the webhook gets auto-disabled; and the request rules.
 */
class RecoveryTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private String base(String ws, String id) {
        return "/v1/workspaces/" + ws + "/webhooks/" + id;
    }

    private JsonObject post(String ws, String type) {
        JsonObject event =
                "call".equals(type) ? Events.call(ws, "incoming", "Missed") : Events.message(ws, Events.uid(), type);
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        return event;
    }

    private void settled(JsonObject event) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String status = hookline.admin(
                            "GET",
                            "/v1/workspaces/" + event.getString("workspace_id") + "/events/" + event.getString("id"),
                            null)
                    .json()
                    .getString("status");
            if (!"pending".equals(status)) {
                return;
            }
            Receiver.sleep(20);
        }
        throw new AssertionError("event " + event.getString("id") + " still pending");
    }

    private Http.Response recover(String ws, String id, JsonObject body) {
        return hookline.admin("POST", base(ws, id) + "/recover", body);
    }

    private JsonObject awaitRecovery(String ws, String id, String rid, Predicate<JsonObject> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject job = null;
        while (System.nanoTime() < deadline) {
            job = hookline.admin("GET", base(ws, id) + "/recoveries/" + rid, null)
                    .json();
            if (done.test(job)) {
                return job;
            }
            Receiver.sleep(50);
        }
        throw new AssertionError("recovery never got there: " + job);
    }

    private void setEnabled(String ws, String id, boolean enabled) {
        assertThat(hookline.admin("PATCH", base(ws, id), new JsonObject().put("enabled", enabled))
                        .status())
                .isEqualTo(200);
    }

    /**
     * A recovery started while its webhook is being deleted: the job's row met the delete's commit and PostgreSQL
     * refused it (foreign key), which answered 500 (black-box review). It is the 404 of a webhook that is gone.
     */
    @Test
    void aRecoveryStartedWhileItsWebhookIsDeletedIsA404() throws Exception {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, "http://127.0.0.1:9/x", "message:new").getString("id");
        java.util.concurrent.CompletableFuture<Http.Response> started;
        try (java.sql.Connection other = db.connect()) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement st = other.prepareStatement("DELETE FROM webhooks WHERE id = ?::uuid")) {
                st.setString(1, id);
                assertThat(st.executeUpdate()).isEqualTo(1);
            }
            String since = Instant.now().minusSeconds(60).toString();
            started = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> recover(ws, id, new JsonObject().put("since", since)));
            awaitCount(
                    1,
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = "
                            + "'Lock' AND query LIKE '%INSERT INTO recoveries%'");
            other.commit();
        }
        Http.Response r = started.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
        assertThat(count("SELECT count(*) FROM recoveries WHERE webhook_id = ?::uuid", id))
                .isZero();
    }

    @Test
    void aFixedReceiverGetsExactlyWhatItMissedInOrderWithTheOriginalIds() {
        String ws = newWorkspace();
        String since = Instant.now().minusSeconds(5).toString();
        JsonObject beforeWebhook = post(ws, "sent"); // before the webhook existed: not its to recover
        settled(beforeWebhook);
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:sent:new").getString("id");
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JsonObject ok = post(ws, "sent");
            receiver.awaitEvent(ok.getString("id"), WAIT);
            settled(ok);
        }
        receiver.answer(500);
        for (int i = 0; i < 11; i++) {
            JsonObject failed = post(ws, "sent");
            receiver.awaitEvent(failed.getString("id"), WAIT);
            settled(failed);
            missed.add(failed.getString("id"));
        }
        assertThat(hookline.admin("GET", base(ws, id), null).json().getBoolean("enabled"))
                .isFalse();
        for (int i = 0; i < 4; i++) {
            JsonObject whileDisabled = post(ws, "sent");
            settled(whileDisabled);
            missed.add(whileDisabled.getString("id"));
            settled(post(ws, "received")); // another type: not this webhook's
        }
        receiver.answer(200);
        setEnabled(ws, id, true);
        int before = receiver.requests().size();

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonObject job = started.json();
        assertThat(job.getString("status")).isEqualTo("running");
        assertThat(job.getString("webhook_id")).isEqualTo(id);
        assertThat(job.getInteger("total")).isEqualTo(15);
        assertThat(job.getValue("finished_at")).isNull();
        assertThat(job.fieldNames()).contains("id", "since", "until", "sent", "succeeded", "failed", "created_at");
        JsonObject done = awaitRecovery(ws, id, job.getString("id"), j -> !"running".equals(j.getString("status")));
        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInteger("sent")).isEqualTo(15);
        assertThat(done.getInteger("succeeded")).isEqualTo(15);
        assertThat(done.getInteger("failed")).isZero();
        assertThat(done.getString("finished_at")).isNotNull();
        List<Receiver.Request> recovered =
                receiver.requests().subList(before, receiver.requests().size());
        assertThat(recovered.stream().map(r -> r.header("webhook-id")).toList()).containsExactlyElementsOf(missed);
        assertThat(recovered)
                .allMatch(r -> "sent".equals(r.json().getJsonObject("message").getString("direction")));

        JsonArray log = hookline.admin("GET", base(ws, id) + "/attempts?limit=15", null)
                .json()
                .getJsonArray("data");
        assertThat(log.stream().map(a -> ((JsonObject) a).getString("trigger")).toList())
                .containsOnly("recover");
        JsonObject lookup = hookline.admin("GET", "/v1/workspaces/" + ws + "/events/" + missed.get(14), null)
                .json();
        assertThat(lookup.getJsonArray("deliveries").getJsonObject(0).getString("trigger"))
                .isEqualTo("recover");
        assertThat(lookup.getJsonArray("deliveries").getJsonObject(0).getString("outcome"))
                .isEqualTo("delivered");

        // nothing is missing any more: a second recovery has nothing to send
        Http.Response again = recover(ws, id, new JsonObject().put("since", since));
        assertThat(again.json().getInteger("total")).isZero();
        assertThat(awaitRecovery(ws, id, again.json().getString("id"), j -> "done".equals(j.getString("status")))
                        .getInteger("sent"))
                .isZero();
        JsonArray list =
                hookline.admin("GET", base(ws, id) + "/recoveries", null).json().getJsonArray("data");
        assertThat(list.stream().map(r -> ((JsonObject) r).getString("id")).toList())
                .containsExactly(again.json().getString("id"), job.getString("id"));
    }

    /** A webhook created disabled, sent {@code n} events it never got, then enabled. */
    private String missedWhileDisabled(String ws, Receiver receiver, int n) {
        JsonObject body = new JsonObject()
                .put("url", receiver.url())
                .put("event_type", "call:incoming:missed")
                .put("enabled", false);
        String id = hookline.admin("POST", "/v1/workspaces/" + ws + "/webhooks", body)
                .json()
                .getString("id");
        for (int i = 0; i < n; i++) {
            settled(post(ws, "call"));
        }
        setEnabled(ws, id, true);
        return id;
    }

    /** How many requests for each of {@code ids} the receiver got, in the order of {@code ids}. */
    private static List<Long> copies(Receiver receiver, List<String> ids) {
        return ids.stream()
                .map(eventId -> receiver.requests().stream()
                        .filter(r -> eventId.equals(r.header("webhook-id")))
                        .count())
                .toList();
    }

    /**
     * A recovery started while the live deliveries of its events are still on their way does not send them again:
     * it waits for them, finds them delivered and skips them. Before, it sent every event its batch had read as due.
     */
    @Test
    void eventsWhoseLiveDeliveryIsOnItsWayWhenTheJobStartsAreNotSentTwice() {
        String ws = newWorkspace();
        String since = Instant.now().minusSeconds(5).toString();
        Receiver receiver = receiver().delay(1500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(post(ws, "sent").getString("id"));
        }
        receiver.await(5, WAIT); // all five on the wire, answered 1.5 s later

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().getInteger("total"))
                .as("none has a successful attempt yet")
                .isEqualTo(5);
        JsonObject done =
                awaitRecovery(ws, id, started.json().getString("id"), j -> !"running".equals(j.getString("status")));

        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInteger("sent"))
                .as("delivered live meanwhile: sent below total")
                .isZero();
        Receiver.sleep(300); // negative check, a fixed window on purpose: no late copy may arrive within it
        assertThat(copies(receiver, ids)).containsExactly(1L, 1L, 1L, 1L, 1L);
    }

    /** An event resent while a recovery runs, before the job gets to it, is not sent again by the job. */
    @Test
    void anEventResentWhileTheJobRunsIsNotSentAgainByIt() {
        String ws = newWorkspace();
        String since = Instant.now().minusSeconds(5).toString();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        setEnabled(ws, id, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonObject event = post(ws, "sent");
            settled(event);
            ids.add(event.getString("id"));
        }
        setEnabled(ws, id, true);
        receiver.delay(1000);

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        Http.Response resent =
                hookline.admin("POST", base(ws, id) + "/resend", new JsonObject().put("event_id", ids.get(2)));
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        JsonObject done =
                awaitRecovery(ws, id, started.json().getString("id"), j -> !"running".equals(j.getString("status")));

        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInteger("total")).isEqualTo(3);
        assertThat(done.getInteger("sent")).as("the resent event skipped").isEqualTo(2);
        Receiver.sleep(300); // negative check, a fixed window on purpose: no late copy may arrive within it
        assertThat(copies(receiver, ids)).containsExactly(1L, 1L, 1L);
    }

    @Test
    void oneRecoveryPerWebhookAtATimeAndACancelledOneStops() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(150);
        String since = Instant.now().minusSeconds(2).toString();
        String id = missedWhileDisabled(ws, receiver, 20);

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));
        assertThat(started.status()).isEqualTo(202);
        String rid = started.json().getString("id");
        Http.Response second = recover(ws, id, new JsonObject().put("since", since));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().getJsonObject("error").getString("code")).isEqualTo("recovery_running");
        receiver.await(2, WAIT);

        Http.Response cancelled = hookline.admin("DELETE", base(ws, id) + "/recoveries/" + rid, null);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().getString("status")).isEqualTo("cancelled");
        assertThat(cancelled.json().getString("finished_at")).isNotNull();
        Receiver.sleep(600);
        int afterCancel = receiver.requests().size();
        Receiver.sleep(600);
        assertThat(receiver.requests()).hasSize(afterCancel);
        assertThat(afterCancel).isLessThan(20);
        JsonObject job =
                hookline.admin("GET", base(ws, id) + "/recoveries/" + rid, null).json();
        assertThat(job.getString("status")).isEqualTo("cancelled");
        // the request in flight at the cancel counts too: every request the job made, and nothing else
        assertThat(job.getInteger("sent")).isEqualTo(afterCancel);
        assertThat(recover(ws, id, new JsonObject().put("since", since)).status())
                .as("a new one may start")
                .isEqualTo(202);
    }

    @Test
    void aRequestACancelledJobHadOnTheWayCountsIntoThatJobAndNotIntoTheNextOne() {
        String ws = newWorkspace();
        Receiver receiver = receiver().delay(3000); // the first job's request is answered 3 s after it arrives
        String since = Instant.now().minusSeconds(2).toString();
        String id = missedWhileDisabled(ws, receiver, 3);
        String first =
                recover(ws, id, new JsonObject().put("since", since)).json().getString("id");
        receiver.await(1, WAIT);

        assertThat(hookline.admin("DELETE", base(ws, id) + "/recoveries/" + first, null)
                        .status())
                .isEqualTo(200);
        Http.Response next = recover(ws, id, new JsonObject().put("since", since));
        assertThat(next.status()).isEqualTo(202);
        String second = next.json().getString("id");
        // the next job reaches the same event long before that answer: it is still due (no attempt stored), so the
        // next job sends it too, and counts it, as it counts every event due when it started
        receiver.delay(0);

        JsonObject done = awaitRecovery(ws, id, second, job -> "done".equals(job.getString("status")));
        JsonObject cancelled = awaitRecovery(ws, id, first, job -> job.getInteger("sent") == 1);
        assertThat(done.getInteger("sent"))
                .as("the next job shows only its own requests")
                .isEqualTo(done.getInteger("total"))
                .isEqualTo(done.getInteger("succeeded"));
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(cancelled.getInteger("succeeded")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM attempts WHERE webhook_id = ?::uuid AND trigger = 'recover'", id))
                .isEqualTo(done.getInteger("sent") + cancelled.getInteger("sent"));
    }

    @Test
    void aFailedRequestOfACancelledJobMadeAfterTheNextJobStartedDoesNotPassForTheNextJobsOwn() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String since = Instant.now().minusSeconds(2).toString();
        String id = missedWhileDisabled(ws, receiver, 2);
        long first = (Long) rows("SELECT min(seq) AS seq FROM events WHERE workspace_id = ?", ws)
                .get(0)
                .get("seq");
        // What a cancelled job leaves when its request waited in the webhook's lane (busy with other deliveries) and
        // went out, and failed, just after the next job started: its row and its failed attempt. The race itself
        // cannot be timed from outside, so the rows are written here as the attempt writer writes them.
        Object cancelled = rows(
                        "INSERT INTO recoveries (id, workspace_id, webhook_id, status, since, until, through_seq, total, "
                                + "sent, failed, finished_at) VALUES (gen_random_uuid(), ?, ?::uuid, 'cancelled', "
                                + "now() - interval '1 minute', now(), ?, 2, 1, 1, now()) RETURNING id",
                        ws,
                        id,
                        Long.MAX_VALUE)
                .get(0)
                .get("id");
        rows(
                "INSERT INTO attempts (webhook_id, workspace_id, event_seq, event_id, event_type, format, url, "
                        + "attempted_at, duration_ms, success, status_code, trigger) SELECT ?::uuid, ?, seq, id, "
                        + "'call:incoming:missed', 'v2', ?, now() + interval '5 seconds', 3, false, 500, 'recover' "
                        + "FROM events WHERE seq = ? RETURNING id",
                id,
                ws,
                receiver.url(),
                first);

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));
        assertThat(started.status()).isEqualTo(202);
        String next = started.json().getString("id");
        JsonObject done = awaitRecovery(ws, id, next, job -> "done".equals(job.getString("status")));

        assertThat(done.getInteger("total")).isEqualTo(2);
        assertThat(done.getInteger("sent"))
                .as("the event the cancelled job failed to send, too")
                .isEqualTo(2);
        assertThat(receiver.requests()).hasSize(2);
        assertThat(hookline.admin("GET", base(ws, id) + "/recoveries/" + cancelled, null)
                        .json()
                        .getInteger("sent"))
                .isEqualTo(1);
        assertThat(rows("SELECT attempted_seq FROM recoveries WHERE id = ?::uuid", next)
                        .get(0)
                        .get("attempted_seq"))
                .as("the highest event it attempted, stored with its attempts")
                .isEqualTo(rows("SELECT max(seq) AS seq FROM events WHERE workspace_id = ?", ws)
                        .get(0)
                        .get("seq"));
    }

    @Test
    void aJobWhoseInstanceStoppedAfterStoringAnAttemptButBeforeMovingOnDoesNotSendThatEventAgain() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = missedWhileDisabled(ws, receiver, 3);
        List<Map<String, Object>> events = rows("SELECT seq, id FROM events WHERE workspace_id = ? ORDER BY seq", ws);
        long first = (Long) events.get(0).get("seq");
        // A running job, claimed by no one, whose instance died right after storing its (failed) attempt of the first
        // event: that attempt's transaction raised attempted_seq, the cursor had not moved on yet.
        Object job = rows(
                        "INSERT INTO recoveries (id, workspace_id, webhook_id, since, until, through_seq, total, "
                                + "sent, failed, attempted_seq) VALUES (gen_random_uuid(), ?, ?::uuid, "
                                + "now() - interval '1 minute', now(), ?, 3, 1, 1, ?) RETURNING id",
                        ws,
                        id,
                        events.get(2).get("seq"),
                        first)
                .get(0)
                .get("id");
        rows(
                "INSERT INTO attempts (webhook_id, workspace_id, event_seq, event_id, event_type, format, url, "
                        + "attempted_at, duration_ms, success, status_code, trigger) SELECT ?::uuid, ?, seq, id, "
                        + "'call:incoming:missed', 'v2', ?, now(), 3, false, 500, 'recover' FROM events "
                        + "WHERE seq = ? RETURNING id",
                id,
                ws,
                receiver.url(),
                first);

        JsonObject done = awaitRecovery(ws, id, job.toString(), j -> "done".equals(j.getString("status")));

        assertThat(done.getInteger("sent")).isEqualTo(3);
        assertThat(receiver.requests())
                .extracting(r -> r.header("webhook-id"))
                .containsExactly(
                        (String) events.get(1).get("id"), (String) events.get(2).get("id"));
    }

    @Test
    void aRecoveryEndsFailedWhenTheWebhookGetsAutoDisabled() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(503);
        String since = Instant.now().minusSeconds(2).toString();
        String id = missedWhileDisabled(ws, receiver, 14);

        String rid =
                recover(ws, id, new JsonObject().put("since", since)).json().getString("id");

        JsonObject job = awaitRecovery(ws, id, rid, j -> !"running".equals(j.getString("status")));
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getInteger("total")).isEqualTo(14);
        assertThat(job.getInteger("sent")).isEqualTo(11);
        assertThat(job.getInteger("failed")).isEqualTo(11);
        assertThat(job.getString("finished_at")).isNotNull();
        Receiver.sleep(500);
        assertThat(receiver.requests()).hasSize(11);
        assertThat(hookline.admin("GET", base(ws, id), null).json().getString("disabled_reason"))
                .isEqualTo("too_many_failures");
    }

    @Test
    void theRequestRules() {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, receiver().url(), "message:new").getString("id");
        String now = Instant.now().toString();
        List<JsonObject> bad = List.of(
                new JsonObject(),
                new JsonObject().put("since", "yesterday"),
                new JsonObject().put("since", now).put("until", now),
                new JsonObject()
                        .put("since", now)
                        .put("until", Instant.now().minus(1, ChronoUnit.HOURS).toString()),
                new JsonObject()
                        .put("since", Instant.now().minus(11, ChronoUnit.DAYS).toString()),
                new JsonObject()
                        .put("since", now)
                        .put("until", Instant.now().plus(1, ChronoUnit.DAYS).toString()),
                new JsonObject().put("since", now).put("other", 1));
        for (JsonObject body : bad) {
            Http.Response r = recover(ws, id, body);
            assertThat(r.status()).as(body.encode()).isEqualTo(422);
        }
        // the detail tells a missing time from one that is there but unreadable (here: no offset)
        assertThat(recover(ws, id, new JsonObject())
                        .json()
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("message"))
                .isEqualTo("is required: an ISO-8601 time with an offset");
        assertThat(recover(ws, id, new JsonObject().put("since", "2026-12-06T04:00:00"))
                        .json()
                        .getJsonObject("error")
                        .getJsonArray("details")
                        .getJsonObject(0)
                        .getString("message"))
                .isEqualTo("must be an ISO-8601 time with an offset");
        assertThat(recover(ws, UUID.randomUUID().toString(), new JsonObject().put("since", now))
                        .status())
                .isEqualTo(404);
        assertThat(hookline.admin("GET", base(ws, id) + "/recoveries/" + UUID.randomUUID(), null)
                        .status())
                .isEqualTo(404);
        assertThat(hookline.admin("GET", base(ws, id) + "/recoveries", null)
                        .json()
                        .getJsonArray("data"))
                .isEmpty();
        setEnabled(ws, id, false);
        Http.Response disabled = recover(
                ws,
                id,
                new JsonObject().put("since", Instant.now().minusSeconds(60).toString()));
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.json().getJsonObject("error").getString("code")).isEqualTo("webhook_disabled");
        setEnabled(ws, id, true);
        // read as ingest reads event timestamps: +0200 is an offset there, so it is one here; 30 February is not a day
        String compact = ZonedDateTime.now(ZoneOffset.ofHours(2))
                .minusMinutes(1)
                .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx"));
        assertThat(recover(ws, id, new JsonObject().put("since", compact)).status())
                .as(compact)
                .isEqualTo(202);
        assertThat(recover(ws, id, new JsonObject().put("since", "2026-02-30T04:00:00Z"))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void eventsTheWebhooksFilterRejectsAreTakenOffTheTotalAsTheJobPassesThem() {
        String ws = newWorkspace();
        String since = Instant.now().minusSeconds(5).toString();
        Receiver receiver = receiver();
        Http.Response created = hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject()
                        .put("url", receiver.url())
                        .put("event_type", "message:sent:new")
                        .put("filter", new JsonObject().put("chat_id", new JsonArray().add(77))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");
        for (int i = 0; i < 3; i++) {
            settled(post(ws, "sent")); // chat 123456: filtered out, no attempt
        }
        JsonObject wanted = Events.message(ws, Events.uid(), "sent");
        wanted.getJsonObject("chat").put("chat_id", 77);
        assertThat(hookline.postEvent(wanted).status()).isEqualTo(202);
        receiver.awaitEvent(wanted.getString("id"), WAIT);
        settled(wanted);

        Http.Response started = recover(ws, id, new JsonObject().put("since", since));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonObject done =
                awaitRecovery(ws, id, started.json().getString("id"), j -> !"running".equals(j.getString("status")));

        assertThat(done.getString("status")).isEqualTo("done");
        assertThat(done.getInteger("total")).as("nothing was due").isZero();
        assertThat(done.getInteger("sent")).isZero();
        assertThat(receiver.requests()).hasSize(1);
    }
}
