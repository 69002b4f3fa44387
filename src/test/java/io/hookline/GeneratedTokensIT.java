package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.hookline.testing.HooklineProcess;
import io.hookline.testing.Http;
import io.hookline.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies, with the real jar as an operator runs it, that tokens generated because none is configured survive a
 * restart: the producer's ingest token and the admin token keep working, and the second start's log does not show them.
 */
@Timeout(180)
class GeneratedTokensIT {

    private static final Map<String, String> NO_TOKENS =
            Map.of("HOOKLINE_ADMIN_TOKEN", "", "HOOKLINE_INGEST_TOKENS", "");

    private static String printed(String prefix, String log) {
        Matcher m = Pattern.compile(prefix + "[A-Za-z0-9_-]{20,}").matcher(log);
        assertThat(m.find()).as("a " + prefix + " token in the log:\n" + log).isTrue();
        return m.group();
    }

    @Test
    void aRestartedProcessKeepsTheGeneratedTokensAndDoesNotPrintThemAgain() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            String admin;
            String ingest;
            String ws = "proc-" + Events.uid().substring(0, 8);
            try (HooklineProcess first = HooklineProcess.start("generated-1", db.url(), NO_TOKENS)) {
                admin = printed("hla_", first.log());
                ingest = printed("hli_", first.log());
                assertThat(Http.json(
                                        "PUT",
                                        first.adminUrl("/v1/workspaces/" + ws),
                                        admin,
                                        new JsonObject().put("name", ws))
                                .status())
                        .isEqualTo(201);
                assertThat(first.terminate(20_000)).isZero();
            }

            try (HooklineProcess second = HooklineProcess.start("generated-2", db.url(), NO_TOKENS)) {
                assertThat(Http.json(
                                        "POST",
                                        second.ingestUrl("/v1/events"),
                                        ingest,
                                        Events.message(ws, Events.uid(), "sent"))
                                .status())
                        .isEqualTo(202);
                assertThat(Http.json("GET", second.adminUrl("/v1/workspaces/" + ws), admin, null)
                                .status())
                        .isEqualTo(200);
                assertThat(second.log())
                        .doesNotContain(admin)
                        .doesNotContain(ingest)
                        .contains("using the ingest token generated at");
            }
        }
    }
}
