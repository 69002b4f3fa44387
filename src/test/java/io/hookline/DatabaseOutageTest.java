package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.fanout.RedriveVerticle;
import io.hookline.testing.Await;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Producer;
import io.hookline.testing.Receiver;
import io.hookline.testing.TcpProxy;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Verifies that when PostgreSQL becomes unreachable (a TCP proxy in between is cut) ingest answers 503 and stores
 * nothing, results of deliveries already under way are kept and written later, and everything works again once
 * the connection is back — without a restart.
 */
class DatabaseOutageTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DELIVERED = "hookline_deliveries_total{outcome=\"success\"}";
    private TcpProxy proxy;
    private Hookline viaProxy;

    @BeforeAll
    void startBehindProxy() {
        proxy = TcpProxy.start(receiverVertx, db.host(), db.port());
        viaProxy =
                Hookline.start(db.urlVia("127.0.0.1", proxy.port()), new JsonObject().put("ingest_timeout_ms", 3000));
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

    /** The ids of the {@code n} instances started last that are still running. */
    private List<String> newestInstances(int n) {
        List<String> ids = new ArrayList<>();
        rows("SELECT id::text AS id FROM instances WHERE stopped_at IS NULL ORDER BY started_at DESC LIMIT " + n)
                .forEach(row -> ids.add((String) row.get("id")));
        return ids;
    }

    @Test
    void ingestAnswers503DuringTheOutageAndRecoversByItself() {
        String ws = viaProxy.workspace("outage-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver().delay(1500);
        viaProxy.webhook(ws, receiver.url(), "message:new");
        JsonObject beforeCut = Events.message(ws, Events.uid(), "sent");
        assertThat(viaProxy.postEvent(beforeCut).status()).isEqualTo(202);
        receiver.await(1, WAIT);
        double answeredBefore = viaProxy.metric(DELIVERED);

        Logger journal = (Logger) LoggerFactory.getLogger(io.hookline.ingest.EventJournal.class);
        ListAppender<ILoggingEvent> journalLog = new ListAppender<>();
        journalLog.start();
        journal.addAppender(journalLog);
        proxy.cut();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "sent");
            Http.Response r = viaProxy.postEvent(event);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.errorCode()).isEqualTo("storage_unavailable");
            refused.add(event.getString("id"));
        }
        Http.Response batch = viaProxy.postBatch(new JsonObject()
                .put("events", new io.vertx.core.json.JsonArray().add(Events.message(ws, Events.uid(), "sent"))));
        assertThat(batch.status()).isEqualTo(503);
        assertThat(Http.json("GET", viaProxy.adminUrl("/ready"), null, null).status())
                .isEqualTo(503);
        // the delivery in flight finishes while the database is away
        Await.until("the delivery in flight has its answer", WAIT, () -> viaProxy.metric(DELIVERED) > answeredBefore);
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
            assertThat(count("SELECT count(*) FROM events WHERE id = ?", id))
                    .as("refused event %s stored", id)
                    .isZero();
        }
        assertThat(Http.json("GET", viaProxy.adminUrl("/ready"), null, null).status())
                .isEqualTo(200);
        journal.detachAppender(journalLog);
        // six refused writes, but one warning per event loop for the whole outage, and one line when it is over
        List<ILoggingEvent> warned =
                journalLog.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warned)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage())
                        .startsWith("Journal write failed: ")
                        .contains("PostgreSQL is unavailable, producers get 503 until it is back"));
        assertThat(warned.stream().map(ILoggingEvent::getThreadName)).doesNotHaveDuplicates();
        assertThat(journalLog.list.stream()
                        .filter(e -> e.getLevel() == Level.INFO)
                        .map(ILoggingEvent::getFormattedMessage)
                        .filter(m -> m.startsWith("Journal write works again, after ")))
                .hasSameSizeAs(warned);
    }

    /** An outage is a few log lines, not a warning a second from every background pass. */
    @Test
    void backgroundPassesLogAnOutageOnceAndItsEndOnce() {
        Logger redrive = (Logger) LoggerFactory.getLogger(RedriveVerticle.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        redrive.addAppender(logged);
        try {
            proxy.cut();
            Await.until(
                    "the re-drive pass failed", WAIT, () -> !warnings(logged).isEmpty());
            Receiver.sleep(4000); // several more ticks of the pass while PostgreSQL stays away
            assertThat(warnings(logged))
                    .as("one warning for the whole outage")
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith("Re-drive cycle failed: ")
                            .contains("PostgreSQL is unavailable, retrying (one line a minute until it works)"));
            proxy.restore();
            Await.until(
                    "the re-drive pass says it works again",
                    WAIT,
                    () -> logged.list.stream()
                            .anyMatch(e -> e.getLevel() == Level.INFO
                                    && e.getFormattedMessage().startsWith("Re-drive cycle works again")));
            String back = logged.list.stream()
                    .filter(e -> e.getLevel() == Level.INFO)
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith("Re-drive cycle works again"))
                    .findFirst()
                    .orElseThrow();
            int failures = Integer.parseInt(back.replaceAll(".*after (\\d+) failures.*", "$1"));
            assertThat(failures).as(back).isGreaterThan(1);
            assertThat(warnings(logged)).hasSize(1);
        } finally {
            redrive.detachAppender(logged);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void underLoadACutGives503sLosesNothingAcceptedAndServiceResumesWithoutARestart() throws Exception {
        String ws = viaProxy.workspace("outage-load-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:new");
        Set<String> accepted;
        int unavailable;
        try (Producer producer = new Producer(ws, viaProxy.ingestUrl("/v1/events"), 4, 100_000, 2)) {
            Await.until(
                    "events accepted before the cut",
                    WAIT,
                    () -> producer.accepted().size() >= 100);
            proxy.cut();
            Await.until("every producer thread answered 503 several times", WAIT, () -> producer.unavailable() >= 20);
            proxy.restore();
            int before = producer.accepted().size();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (producer.accepted().size() < before + 200 && System.nanoTime() < deadline) {
                Receiver.sleep(50);
            }
            producer.close();
            accepted = producer.accepted();
            unavailable = producer.unavailable();
            assertThat(producer.accepted().size())
                    .as("accepting again after the cut")
                    .isGreaterThanOrEqualTo(before + 200);
        }

        assertThat(unavailable).as("503s during the cut").isGreaterThan(0);
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> received = new HashSet<>();
        while (!received.containsAll(accepted) && System.nanoTime() < deadline) {
            Receiver.sleep(200);
            received.clear();
            receiver.requests().forEach(r -> received.add(r.header("webhook-id")));
        }
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(received);
        assertThat(missing).as("accepted events not delivered").isEmpty();
        System.out.printf(
                "outage under load: accepted %d, 503 %d, delivered %d%n",
                accepted.size(), unavailable, received.size());
    }

    @Test
    void anOutageLongerThanTheLeaseDoesNotMakeLiveInstancesTakeOverEachOthersWork() throws Exception {
        JsonObject settings = new JsonObject().put("instance_lease_ms", 1500).put("max_in_flight_per_webhook", 2);
        try (Hookline a = Hookline.start(db.urlVia("127.0.0.1", proxy.port()), settings);
                Hookline b = Hookline.start(db.urlVia("127.0.0.1", proxy.port()), settings)) {
            List<String> both = newestInstances(2);
            Await.until(
                    "both have been healthy for longer than the lease",
                    WAIT,
                    () -> count(
                                    "SELECT count(*) FROM instances WHERE id::text IN (?, ?) "
                                            + "AND heartbeat_at > started_at + interval '1500 milliseconds'",
                                    both.toArray())
                            == 2);
            String ws = a.workspace("outage-lease-" + Events.uid().substring(0, 8));
            Receiver receiver = receiver().delay(200);
            a.webhook(ws, receiver.url(), "message:new");
            io.vertx.core.json.JsonArray events = new io.vertx.core.json.JsonArray();
            for (int i = 0; i < 60; i++) {
                events.add(Events.message(ws, Events.uid(), "sent"));
            }
            assertThat(a.postBatch(new JsonObject().put("events", events)).status())
                    .isEqualTo(202);

            proxy.cut();
            // the test's own connection bypasses the proxy, so it sees the heartbeats stop
            Await.until(
                    "every heartbeat is older than the lease",
                    WAIT,
                    () -> count(
                                    "SELECT count(*) FROM instances WHERE id::text IN (?, ?) "
                                            + "AND heartbeat_at < now() - interval '1500 milliseconds'",
                                    both.toArray())
                            == 2);
            proxy.restore();

            List<Receiver.Request> got = receiver.await(60, Duration.ofSeconds(60));
            // negative check, a fixed window on purpose: no event may arrive a second time within it
            Receiver.sleep(3000);
            Set<String> ids = new HashSet<>();
            receiver.requests().forEach(r -> ids.add(r.header("webhook-id")));
            assertThat(ids).hasSize(60);
            assertThat(receiver.requests()).as("no event delivered twice").hasSize(60);
            assertThat(got).isNotEmpty();
        }
    }

    @Test
    void aWriteThatOutlivesTheIngestTimeoutSaysTheEventMayBeStoredAndARetryWithItsIdFindsIt() throws Exception {
        String ws = viaProxy.workspace("outage-held-" + Events.uid().substring(0, 8));
        Receiver receiver = receiver();
        viaProxy.webhook(ws, receiver.url(), "message:new");
        String id = "held-" + Events.uid();
        JsonObject event = Events.message(ws, Events.uid(), "sent").put("id", id);
        try (java.sql.Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            try (java.sql.Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
            }
            Http.Response held = viaProxy.postEvent(event); // answered after the 3 s ingest timeout
            assertThat(held.status()).isEqualTo(503);
            assertThat(held.errorCode()).isEqualTo("storage_unavailable");
            assertThat(held.json().getJsonObject("error").getString("message"))
                    .contains("may still be stored")
                    .contains("Retry with the same id");
            locker.commit(); // the held insert goes ahead: the 503 did not take it back
        }
        receiver.awaitEvent(id, WAIT); // delivered: the event the 503 answered was stored after all
        Http.Response retry = viaProxy.postEvent(event);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().getString("status")).isEqualTo("duplicate");
        Receiver.sleep(500);
        assertThat(receiver.requests(r -> id.equals(r.header("webhook-id")))).hasSize(1);
    }

    @Test
    void whenTheDatabaseGoesSilentEveryProducerGetsItsAnswerWithinTheIngestTimeout() throws Exception {
        try (Hookline quick =
                Hookline.start(db.urlVia("127.0.0.1", proxy.port()), new JsonObject().put("ingest_timeout_ms", 1000))) {
            String ws = quick.workspace("outage-silent-" + Events.uid().substring(0, 8));
            quick.webhook(ws, receiver().url(), "message:new");
            proxy.blackhole();
            try {
                // a stream of producers: later events queue up behind writes that hang until the pool gives up
                java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(40);
                List<java.util.concurrent.Future<long[]>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Receiver.sleep(50);
                    answers.add(producers.submit(() -> {
                        long start = System.nanoTime();
                        int status = quick.postEvent(Events.message(ws, Events.uid(), "sent"))
                                .status();
                        return new long[] {status, (System.nanoTime() - start) / 1_000_000};
                    }));
                }
                for (java.util.concurrent.Future<long[]> answer : answers) {
                    long[] a = answer.get();
                    assertThat(a[0]).isEqualTo(503);
                    assertThat(a[1]).as("answered after %d ms", a[1]).isLessThan(1000 + 700);
                }
                producers.shutdown();
            } finally {
                proxy.restore();
            }
        }
    }
}
