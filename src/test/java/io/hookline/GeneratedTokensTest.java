package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.app.HooklineApp;
import io.hookline.testing.Events;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens Hookline generates because none is configured: generated once, stored hashed, printed
 * only by the start that created them, still valid after a restart, overridden by a configured token, and one token
 * however many instances start at once on an empty database.
 */
@Timeout(180)
class GeneratedTokensTest {

    private static final JsonObject NO_TOKENS =
            new JsonObject().put("admin_token", "").put("ingest_tokens", "");
    private static final Pattern ADMIN = Pattern.compile("hla_[A-Za-z0-9_-]{20,}");
    private static final Pattern INGEST = Pattern.compile("hli_[A-Za-z0-9_-]{20,}");

    private final Logger logger = (Logger) LoggerFactory.getLogger(HooklineApp.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private TestDatabase db;

    @BeforeEach
    void captureTheLog() {
        db = TestDatabase.create();
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
        db.close();
    }

    private String log() {
        List<String> lines = new ArrayList<>();
        logged.list.forEach(e -> lines.add(e.getFormattedMessage()));
        logged.list.clear();
        return String.join("\n", lines);
    }

    private static String printed(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        assertThat(m.find()).as("a token printed in:\n" + log).isTrue();
        return m.group();
    }

    private static int adminStatus(Hookline instance, String token) {
        return Http.json("GET", instance.adminUrl("/v1/me"), token, null).status();
    }

    private static int ingestStatus(Hookline instance, String token, String ws) {
        return Http.json("POST", instance.ingestUrl("/v1/events"), token, Events.message(ws, Events.uid(), "sent"))
                .status();
    }

    /** PUTs a workspace with the given admin token. */
    private static String workspace(Hookline instance, String adminToken) {
        String ws = "gen-" + Events.uid().substring(0, 8);
        Http.Response r = Http.json(
                "PUT", instance.adminUrl("/v1/workspaces/" + ws), adminToken, new JsonObject().put("name", ws));
        assertThat(r.status()).isEqualTo(201);
        return ws;
    }

    @Test
    void aRestartKeepsGeneratedTokensWorkingAndDoesNotPrintThemAgain() throws Exception {
        String admin;
        String ingest;
        try (Hookline first = Hookline.start(db.url(), NO_TOKENS)) {
            String log = log();
            admin = printed(ADMIN, log);
            ingest = printed(INGEST, log);
            assertThat(adminStatus(first, admin)).isEqualTo(200);
            assertThat(ingestStatus(first, ingest, workspace(first, admin))).isEqualTo(202);
        }

        try (Hookline second = Hookline.start(db.url(), NO_TOKENS)) {
            String log = log();
            assertThat(log)
                    .doesNotContain(admin)
                    .doesNotContain(ingest)
                    .contains("HOOKLINE_ADMIN_TOKEN is not set; using the admin token generated at")
                    .contains("HOOKLINE_INGEST_TOKENS is not set; using the ingest token generated at");
            assertThat(ADMIN.matcher(log).find()).as("no admin token printed").isFalse();
            assertThat(adminStatus(second, admin)).isEqualTo(200);
            assertThat(ingestStatus(second, ingest, workspace(second, admin))).isEqualTo(202);
            assertThat(adminStatus(second, "hla_" + "x".repeat(32))).isEqualTo(401);
        }

        try (Connection conn = db.connect();
                ResultSet rs = conn.createStatement().executeQuery("SELECT name, token_hash FROM generated_tokens")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                String hash = new String(rs.getBytes("token_hash"), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(hash).as("stored hashed").doesNotContain(admin).doesNotContain(ingest);
                assertThat(rs.getBytes("token_hash")).hasSize(32);
            }
            assertThat(rows).isEqualTo(2);
        }
    }

    @Test
    void aConfiguredTokenAlwaysWins() {
        String generatedAdmin;
        String generatedIngest;
        try (Hookline first = Hookline.start(db.url(), NO_TOKENS)) {
            String log = log();
            generatedAdmin = printed(ADMIN, log);
            generatedIngest = printed(INGEST, log);
        }

        try (Hookline configured = Hookline.start(
                db.url(),
                new JsonObject().put("admin_token", "my-admin-token").put("ingest_tokens", "my-ingest-token"))) {
            assertThat(log()).doesNotContain("is not set");
            assertThat(adminStatus(configured, "my-admin-token")).isEqualTo(200);
            assertThat(adminStatus(configured, generatedAdmin)).isEqualTo(401);
            String ws = workspace(configured, "my-admin-token");
            assertThat(ingestStatus(configured, "my-ingest-token", ws)).isEqualTo(202);
            assertThat(ingestStatus(configured, generatedIngest, ws)).isEqualTo(401);
        }
    }

    @Test
    void instancesStartingAtOnceOnAnEmptyDatabaseAgreeOnOneToken() {
        List<CompletableFuture<Hookline>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> Hookline.start(db.url(), NO_TOKENS)));
        }
        List<Hookline> instances =
                starting.stream().map(CompletableFuture::join).toList();
        try {
            String log = log();
            Matcher admins = ADMIN.matcher(log);
            List<String> printedAdmins = new ArrayList<>();
            while (admins.find()) {
                printedAdmins.add(admins.group());
            }
            assertThat(printedAdmins).as("admin tokens printed by three starts").hasSize(1);
            String ingest = printed(INGEST, log);
            assertThat(log.split("printed only now", -1)).as("tokens printed").hasSize(3);
            String ws = workspace(instances.get(0), printedAdmins.get(0));
            for (Hookline instance : instances) {
                assertThat(adminStatus(instance, printedAdmins.get(0))).isEqualTo(200);
                assertThat(ingestStatus(instance, ingest, ws)).isEqualTo(202);
            }
        } finally {
            instances.forEach(Hookline::close);
        }
    }
}
