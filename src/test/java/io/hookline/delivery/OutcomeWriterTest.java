package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.InstanceProgress;
import io.hookline.progress.Ledger;
import io.hookline.testing.Await;
import io.hookline.testing.Hookline;
import io.hookline.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that one attempt PostgreSQL refuses to store (here: a NUL character, as a hostile receiver could
 * provoke) does not hold up the others written with it: they are stored, the bad row is left out, the events
 * complete.
 */
@Timeout(60)
class OutcomeWriterTest {

    private static AttemptRecord attempt(long seq, String error, EventTicket ticket) {
        byte[] body = ("{\"n\":" + seq + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RenderedPayload payload = new RenderedPayload(
                seq, "evt-" + seq, WebhookEventType.MESSAGE_NEW, PayloadFormat.V2, body, body.length);
        return new AttemptRecord(
                UUID.randomUUID(),
                "ws",
                "http://127.0.0.1:9/x",
                payload,
                Instant.now(),
                5,
                false,
                500,
                error,
                "v1,c2lnbmF0dXJl",
                "{}",
                "body",
                io.hookline.delivery.Trigger.DELIVERY,
                ticket,
                null);
    }

    @Test
    void aRowThePostgresRefusesIsLeftOutAndTheRestIsStored() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url())) {
            InFlightEvents inFlight = new InFlightEvents();
            Ledger ledger = new Ledger(0, new InstanceProgress(1, 0));
            EventTicket good = ledger.open(1, 1, System.nanoTime());
            EventTicket bad = ledger.open(2, 1, System.nanoTime());
            EventTicket alsoGood = ledger.open(3, 1, System.nanoTime());
            Promise<Void> stored = Promise.promise();
            hookline.vertx().getOrCreateContext().runOnContext(v -> {
                AttemptWriter writer = new AttemptWriter(
                        hookline.vertx(),
                        hookline.app().pool(),
                        UUID.randomUUID(),
                        ledger,
                        inFlight,
                        (conn, attempts) -> Future.succeededFuture(null),
                        HooklineMetrics.standalone());
                writer.attempt(attempt(1, "HTTP 500", good), () -> {});
                writer.attempt(attempt(2, "invalid version format: X\u0000/1.1", bad), () -> {});
                writer.attempt(attempt(3, "HTTP 500", alsoGood), () -> {});
                writer.barrier().onComplete(stored);
            });
            Await.result(stored.future());

            try (Connection c = db.connect();
                    ResultSet rs =
                            c.createStatement().executeQuery("SELECT event_seq FROM attempts ORDER BY event_seq")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.next()).isFalse();
            }
            assertThat(good.attempted()).isTrue();
            assertThat(bad.attempted()).as("its event completes all the same").isTrue();
            assertThat(alsoGood.attempted()).isTrue();
        }
    }

    /**
     * Bookkeeping alone (events parked while their receiver is slow) that PostgreSQL refuses is split row by row like
     * attempts: it was split into one part equal to itself, again and again, and the writer never wrote anything else.
     */
    @Test
    void refusedBookkeepingIsSplitRowByRowAndTheWriterGoesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url())) {
            try (Connection c = db.connect()) {
                c.createStatement()
                        .execute("CREATE FUNCTION refuse_twelve() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "IF NEW.seq = 12 THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023';"
                                + " END IF; RETURN NEW; END $$");
                c.createStatement()
                        .execute("CREATE TRIGGER refuse_twelve BEFORE INSERT ON pending_events FOR EACH ROW "
                                + "EXECUTE FUNCTION refuse_twelve()");
            }
            Ledger ledger = new Ledger(0, new InstanceProgress(1, 0));
            EventTicket[] tickets = {
                ledger.open(11, 1, System.nanoTime()),
                ledger.open(12, 1, System.nanoTime()),
                ledger.open(13, 1, System.nanoTime()),
                ledger.open(14, 1, System.nanoTime())
            };
            Promise<Void> parked = Promise.promise();
            Promise<Void> attempted = Promise.promise();
            hookline.vertx().getOrCreateContext().runOnContext(v -> {
                AttemptWriter writer = new AttemptWriter(
                        hookline.vertx(),
                        hookline.app().pool(),
                        UUID.randomUUID(),
                        ledger,
                        new InFlightEvents(),
                        (conn, attempts) -> Future.succeededFuture(null),
                        HooklineMetrics.standalone());
                for (int i = 0; i < 3; i++) {
                    writer.park(tickets[i]);
                }
                writer.barrier().onComplete(parked);
                writer.attempt(attempt(14, "HTTP 500", tickets[3]), () -> {});
                writer.barrier().onComplete(attempted);
            });
            Await.result(parked.future());
            Await.result(attempted.future());
            try (Connection c = db.connect();
                    ResultSet rs = c.createStatement().executeQuery("SELECT seq FROM pending_events ORDER BY seq")) {
                java.util.List<Long> seqs = new java.util.ArrayList<>();
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
                assertThat(seqs).containsExactly(11L, 13L);
            }
            try (Connection c = db.connect();
                    ResultSet rs = c.createStatement().executeQuery("SELECT event_seq FROM attempts")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(14);
            }
        }
    }

    /**
     * A batch whose statement always runs into a statement_timeout a DBA set (here: any insert of more than one
     * attempt is cancelled) is split like a refused one: it was retried whole, every two seconds, forever (review).
     */
    @Test
    void aBatchCancelledByAStatementTimeoutIsSplitAndStored() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url())) {
            try (Connection c = db.connect()) {
                c.createStatement()
                        .execute("CREATE FUNCTION too_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT"
                                + " count(*) FROM n) > 1 THEN RAISE EXCEPTION 'canceling statement due to statement "
                                + "timeout' USING ERRCODE = '57014'; END IF; RETURN NULL; END $$");
                c.createStatement()
                        .execute("CREATE TRIGGER too_slow AFTER INSERT ON attempts REFERENCING NEW TABLE AS n FOR EACH"
                                + " STATEMENT EXECUTE FUNCTION too_slow()");
            }
            Ledger ledger = new Ledger(0, new InstanceProgress(1, 0));
            Promise<Void> stored = Promise.promise();
            hookline.vertx().getOrCreateContext().runOnContext(v -> {
                AttemptWriter writer = new AttemptWriter(
                        hookline.vertx(),
                        hookline.app().pool(),
                        UUID.randomUUID(),
                        ledger,
                        new InFlightEvents(),
                        (conn, attempts) -> Future.succeededFuture(null),
                        HooklineMetrics.standalone());
                for (long seq = 21; seq <= 23; seq++) {
                    writer.attempt(attempt(seq, "HTTP 500", ledger.open(seq, 1, System.nanoTime())), () -> {});
                }
                writer.barrier().onComplete(stored);
            });
            Await.result(stored.future());
            try (Connection c = db.connect();
                    ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM attempts")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void errorTextsFromReceiversAreMadeStorable() {
        assertThat(StorableText.errorLine("invalid version format: X\u0000/1.1\r\nmore"))
                .doesNotContain("\u0000")
                .doesNotContain("\n")
                .startsWith("invalid version format: X /1.1");
        assertThat(StorableText.errorLine("x".repeat(5000))).hasSize(StorableText.MAX_ERROR_LENGTH);
        assertThat(StorableText.withoutNul("a\u0000b")).isEqualTo("ab");
    }
}
