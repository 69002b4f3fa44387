package io.hookline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of pg_ctl's lines end the wait for zonky: only the one that says the server exited. A server still starting
 * when pg_ctl stops waiting (a long crash recovery) is left to zonky's own, longer wait.
 */
@Timeout(60)
class ServerStartTest {

    @TempDir
    Path dir;

    private void log(Path log, String line) {
        try {
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aServerThatExitedEndsTheWaitAtOnce() throws Exception {
        Path log = dir.resolve("postgresql.log");
        log(log, "pg_ctl: could not start server"); // an earlier start's line: before the offset, not read
        long started = System.nanoTime();
        assertThatThrownBy(() -> ServerStart.run(
                        () -> {
                            log(log, "2026-12-06 09:00:00.000 UTC [9] FATAL:  could not load server certificate");
                            log(log, "pg_ctl: could not start server");
                            log(log, "Examine the log output.");
                            Thread.sleep(50_000); // zonky would go on trying to connect
                            throw new IOException("Gave up waiting for server to start after 180000ms");
                        },
                        log))
                .isInstanceOf(IOException.class)
                .hasMessage("the server stopped while starting; its log says: 2026-12-06 09:00:00.000 UTC [9] "
                        + "FATAL:  could not load server certificate");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
    }

    @Test
    void aServerStillStartingWhenPgCtlStopsWaitingIsWaitedFor() {
        Path log = dir.resolve("postgresql.log");
        long started = System.nanoTime();
        assertThatThrownBy(() -> ServerStart.run(
                        () -> {
                            log(log, "waiting for server to start.... stopped waiting");
                            log(log, "pg_ctl: server did not start in time");
                            Thread.sleep(1_500); // zonky keeps trying to connect; here it gives up first
                            throw new IOException("Gave up waiting for server to start after 180000ms");
                        },
                        log))
                .isInstanceOf(IOException.class)
                .hasMessage("Gave up waiting for server to start after 180000ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(1_500);
    }
}
