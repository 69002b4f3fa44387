package io.hookline.embedded;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL again when it dies under Hookline (the kernel's out-of-memory killer, a stray
 * {@code kill}): every {@link #PERIOD_MS} it looks at the server process, and when that is gone it runs
 * {@code pg_ctl restart}, which starts the server with the options of its last start ({@code postmaster.opts}): the
 * same port, so the connection pools reconnect by themselves and {@code /ready} turns 200 again. PostgreSQL replays its
 * write-ahead log, so every committed event is still there. A start that fails (old backends still holding the shared
 * memory for a moment) is tried again at the next check.
 */
final class ServerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerWatch.class);
    static final long PERIOD_MS = 2000;
    private static final String START_WAIT_SECONDS = "180";
    private static final int FAILURES_PER_REMINDER = 30;

    private final Path pgData;
    private final Path log;
    private final int port;
    /** Remembered while the server runs: once it has died its executable can no longer be asked for. */
    private final Path pgCtl;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hookline-embedded-postgres-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProcessHandle server;
    private volatile boolean closed;
    /** Restarts that failed in a row (touched only by the timer's thread). */
    private int failures;

    ServerWatch(Path pgData, Path log, int port) {
        this.pgData = pgData;
        this.log = log;
        this.port = port;
        this.server = postmaster(pgData)
                .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL is not running"));
        this.pgCtl = server.info()
                .command()
                .map(c -> Path.of(c).resolveSibling("pg_ctl"))
                .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL cannot be inspected"));
        timer.scheduleWithFixedDelay(this::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Where the server's executables are (beside the one that runs, remembered while it ran). */
    Path binDir() {
        return pgCtl.getParent();
    }

    /** The running server's process. */
    ProcessHandle server() {
        return server;
    }

    private void check() {
        if (closed || server.isAlive()) {
            return;
        }
        if (failures == 0) {
            LOG.error(
                    "The embedded PostgreSQL (pid {}) has stopped; starting it again on 127.0.0.1:{} (its log: {})",
                    server.pid(),
                    port,
                    log);
        }
        String failure = restart();
        if (failure == null) {
            failures = 0;
            LOG.info("The embedded PostgreSQL runs again on 127.0.0.1:{} (pid {})", port, server.pid());
            return;
        }
        if (closed) {
            return;
        }
        failures++;
        if (failures == 1 || failures % FAILURES_PER_REMINDER == 0) { // once, then once a minute
            LOG.error(
                    "Starting the embedded PostgreSQL again failed ({}; {} tries so far); trying again every {} ms, "
                            + "see {}",
                    failure,
                    failures,
                    PERIOD_MS,
                    log);
        }
    }

    /** Runs {@code pg_ctl restart}; null once the server runs again, else why not. */
    private String restart() {
        try {
            Process restart = new ProcessBuilder(restartCommand())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            int exit = restart.waitFor();
            Optional<ProcessHandle> started = postmaster(pgData);
            if (exit == 0 && started.isPresent()) {
                server = started.get();
                return null;
            }
            return "pg_ctl exit " + exit;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the next check does not come
            return "interrupted";
        }
    }

    /** As zonky runs its commands: as root (PostgreSQL refuses to run as root) in a user namespace of its own. */
    private List<String> restartCommand() {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(
                pgCtl.toString(),
                "restart",
                "-D",
                pgData.toString(),
                "-w",
                "-t",
                START_WAIT_SECONDS,
                "-l",
                log.toString()));
        return command;
    }

    /** The live server named in {@code postmaster.pid}, if any. */
    private static Optional<ProcessHandle> postmaster(Path pgData) {
        try {
            return OrphanPostmaster.running(pgData);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stops watching (before the server is stopped on purpose). */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
