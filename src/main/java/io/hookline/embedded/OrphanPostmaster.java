package io.hookline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a daemon of its own, so a {@code kill -9} of Hookline leaves it running on the
 * data directory, where it would stop the next start. Called while holding the {@link DataDirLock}, which proves no
 * live Hookline owns that server: a PostgreSQL named in {@code postmaster.pid} is an orphan and is stopped (SIGTERM;
 * its client, the killed Hookline, is gone, so it shuts down at once, writing a checkpoint). A pid that now belongs
 * to another program makes the file stale, and it is removed.
 */
final class OrphanPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);
    private static final long STOP_WAIT_SECONDS = 60;

    private OrphanPostmaster() {}

    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        Optional<ProcessHandle> process = running(pgData);
        if (process.isEmpty()) {
            return; // none, or a stale file that PostgreSQL replaces by itself
        }
        ProcessHandle postmaster = process.get();
        Optional<String> command = postmaster.info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException("process " + postmaster.pid() + " named in " + pidFile + " cannot be "
                    + "inspected; if it is a PostgreSQL on this directory, stop it");
        }
        if (!Path.of(command.get()).getFileName().toString().equals("postgres")) {
            Files.deleteIfExists(pidFile); // its pid was reused by another program
            return;
        }
        LOG.warn(
                "Stopping the embedded PostgreSQL (pid {}) that a killed Hookline left running on {}",
                postmaster.pid(),
                pgData);
        postmaster.destroy();
        if (!waitForExit(postmaster, STOP_WAIT_SECONDS)) {
            postmaster.destroyForcibly(); // crash recovery at the next start replays the WAL
            waitForExit(postmaster, 10);
        }
    }

    /** The live process named in the cluster's {@code postmaster.pid}, if any (maybe not a PostgreSQL: check). */
    static Optional<ProcessHandle> running(Path pgData) throws IOException {
        return pidIn(pgData.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive);
    }

    /** The pid in a {@code postmaster.pid}, if the file is there and readable as one. */
    private static Optional<Long> pidIn(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean waitForExit(ProcessHandle process, long seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }
}
