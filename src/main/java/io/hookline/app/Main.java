package io.hookline.app;

import io.hookline.config.ConfigException;
import io.hookline.config.ConfigLoader;
import io.hookline.config.HooklineConfig;
import io.hookline.embedded.DataDirLock;
import io.hookline.embedded.EmbeddedDatabase;
import io.hookline.metrics.HooklineMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar target/hookline.jar [--conf path/to/hookline.json]}. Start-up failures print one line that says
 * what to fix and exit non-zero: 2 for configuration, 1 for anything else (database unreachable...).
 */
public final class Main {

    /** SIGTERM or Ctrl-C came: the start may fail from here on because of it, which is not an error to report. */
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private static final AtomicBoolean START_FAILED = new AtomicBoolean();

    /** SIGTERM or Ctrl-C came; before the graceful stop is wired it runs as soon as it is. */
    private static final AtomicBoolean STOP_ASKED = new AtomicBoolean();

    /** The graceful stop, once wired. Set before STOP_ASKED is read, the signal sets it before reading this: one runs. */
    private static volatile Runnable gracefulStop;

    private static void stopAsked() {
        STOP_ASKED.set(true);
        Runnable stop = gracefulStop;
        if (stop != null) {
            stop.run();
        }
    }

    private Main() {}

    public static void main(String[] args) {
        HooklineConfig config;
        Transport transport; // chosen before an embedded database starts: one that cannot be had stops at once
        try {
            config = ConfigLoader.fromArgs(args, System.getenv());
            transport = Transports.choose(config.runtime().transport());
        } catch (ConfigException e) {
            System.err.println("hookline: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        // from here on a stop is noted, not the JVM's default exit: that one left an embedded PostgreSQL starting
        // under it running with nobody to stop it (review: SIGTERM in the first second, exit 143, an orphan server)
        Signal.handle(new Signal("TERM"), sig -> stopAsked());
        Signal.handle(new Signal("INT"), sig -> stopAsked());
        prepare(config, transport);
        EmbeddedDatabase embedded = config.database().embedded() ? startEmbeddedUnlessStopped(config) : null;
        if (embedded != null) {
            config = config.withDatabaseUrl(embedded.url("hookline"));
        }
        HooklineMetrics metrics = HooklineMetrics.standalone();
        Vertx vertx = Vertx.builder()
                .withTransport(transport)
                .with(new VertxOptions()
                        .setEventLoopPoolSize(ConnectionBudget.eventLoops(config))
                        .setMetricsOptions(HooklineMetrics.vertxMetricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        HooklineApp app = new HooklineApp(config, Clock.systemUTC(), metrics);
        Future<String> deployed = vertx.deployVerticle(app);
        // a stop asked for during the start waits for it (finishStart): a failure here is a real one
        app.startFailed().onFailure(Main::couldNotStart);
        deployed.onFailure(Main::couldNotStart);
        stopOnSignals(vertx, app, deployed, config, embedded == null ? () -> {} : embedded::close);
    }

    private static void couldNotStart(Throwable err) {
        if (!START_FAILED.compareAndSet(false, true)) {
            return; // told once: by the start itself, or by its deployment
        }
        System.err.println("hookline: could not start: " + oneLine(err));
        // not on the event loop: the shutdown hooks (an embedded server's stop) would block it under Vert.x's checker.
        // No vertx.close() first: it failed the start's pending connection a second time, an ERROR under the line
        new Thread(() -> System.exit(1), "hookline-start-failed").start();
    }

    /** Logging, the compiler, and the ports, before anything starts. */
    private static void prepare(HooklineConfig config, Transport transport) {
        Logging.configure(config.runtime().logFormat());
        String fallback = Transports.fallbackReason(config.runtime().transport(), transport);
        if (fallback != null) {
            LoggerFactory.getLogger(Main.class).info("Transport: {}", fallback);
        }
        tuneCompiler(config);
        if (!config.database().embedded()) {
            refuseTakenPorts(config); // with the embedded server: once its data directory is this process's
        }
    }

    /**
     * A port another process listens on stops the start before anything runs (exit 1, the bind's own line). With the
     * embedded server it is asked once the data directory is locked: a second instance on the same directory (and so
     * usually the same ports) is then told that the directory is in use, which is the thing to fix.
     */
    private static void refuseTakenPorts(HooklineConfig config) {
        try {
            TakenPorts.check(config);
        } catch (TakenPorts.Taken e) {
            exitTaken(e);
        }
    }

    private static void exitTaken(TakenPorts.Taken e) {
        System.err.println("hookline: could not start: " + e.getMessage());
        System.exit(1);
    }

    /** Before any load, so that C2 compiles the request path with Hookline's directive ({@link JitDirectives}). */
    private static void tuneCompiler(HooklineConfig config) {
        if (config.runtime().jitDirectives()) {
            String notApplied = JitDirectives.apply();
            LoggerFactory.getLogger(Main.class)
                    .info(
                            "JIT directives: {}",
                            notApplied == null
                                    ? "C2 does not inline the methods in c2-directives.json (HOOKLINE_JIT_DIRECTIVES)"
                                    : "not applied, " + notApplied);
        }
    }

    /**
     * SIGTERM / Ctrl-C: stop accepting, let deliveries finish up to the deadline, write what is buffered, exit 0 (1 when
     * a step could not complete, or the start under way failed or did not finish).
     */
    private static void stopOnSignals(
            Vertx vertx, HooklineApp app, Future<String> deployed, HooklineConfig config, Runnable stopDatabase) {
        Runnable graceful = () -> {
            if (STOPPING.compareAndSet(false, true)) {
                new Thread(
                                () -> {
                                    if (finishStart(deployed, config)) {
                                        exitGracefully(vertx, app, config, stopDatabase);
                                    }
                                },
                                "hookline-shutdown")
                        .start();
            }
        };
        gracefulStop = graceful; // one handler for the whole run: replacing it could lose a signal in between (review)
        if (STOP_ASKED.get()) {
            graceful.run();
        }
    }

    /**
     * A stop asked for during the start lets the start finish first (up to the shutdown deadline), then stops it as any
     * running instance: closing everything under a start under way left an ERROR with a stack and no line saying what
     * became of the start (black-box review).
     */
    private static boolean finishStart(Future<String> deployed, HooklineConfig config) {
        if (deployed.isComplete()) {
            return deployed.succeeded(); // a failed start is reported by its own handler, which exits 1
        }
        long waitMs = config.runtime().shutdownDeadlineMs();
        LoggerFactory.getLogger(Main.class)
                .info("Stop asked for during the start: letting the start finish first (up to {} ms)", waitMs);
        try {
            deployed.toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // reported by the start's own handler, which exits 1 (it exited 0 here before: review)
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            // closing everything under a start still running is what logged the ERROR; nothing was accepted yet, and a
            // migration under way is rolled back by the server (the embedded one is stopped by its shutdown hook)
            System.err.println("hookline: the start did not finish within HOOKLINE_SHUTDOWN_DEADLINE_MS (" + waitMs
                    + " ms) after the stop was asked for; abandoned");
            System.exit(1);
            return false;
        }
    }

    /**
     * Hookline first (its last writes need the database), then the embedded server, if any. Exit 0 after a complete
     * stop; 1 when a step could not complete (PostgreSQL unreachable: outcomes not written are sent again by the
     * instance that takes over, as after a crash), so that a supervisor sees it.
     */
    private static void exitGracefully(Vertx vertx, HooklineApp app, HooklineConfig config, Runnable stopDatabase) {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean complete = new AtomicBoolean();
        app.shutdown().onSuccess(complete::set).eventually(vertx::close).onComplete(ar -> stopped.countDown());
        try {
            if (!stopped.await(config.runtime().shutdownDeadlineMs() + 10_000L, TimeUnit.MILLISECONDS)) {
                complete.set(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopDatabase.run();
        if (!complete.get()) {
            LoggerFactory.getLogger(Main.class)
                    .warn("Stopped with work left undone (see the lines above); exit code 1. What was not written is"
                            + " pending in PostgreSQL and sent again by the instance that takes over");
        }
        System.exit(complete.get() ? 0 : 1);
    }

    /** The embedded server, or, when a stop came while it started, exit 0 (its shutdown hook stops it). */
    private static EmbeddedDatabase startEmbeddedUnlessStopped(HooklineConfig config) {
        stopIfAsked("nothing was started");
        EmbeddedDatabase embedded = startEmbedded(config);
        stopIfAsked("stopping the embedded PostgreSQL it started; nothing else was started");
        return embedded;
    }

    /** Exit 0 with a line when a stop came (the embedded server, if any, is stopped by its shutdown hook). */
    private static void stopIfAsked(String what) {
        if (STOP_ASKED.get()) {
            LoggerFactory.getLogger(Main.class).info("Stop asked for during the start: {}", what);
            System.exit(0);
        }
    }

    /**
     * {@code HOOKLINE_DB_URL} unset: runs PostgreSQL in {@code HOOKLINE_DATA_DIR}, stopped by a graceful shutdown or,
     * on any other exit, by a shutdown hook. A directory in use, or a server that cannot start, exits 1 with one line;
     * a directory that cannot be one (a file in the way, no permission) is a configuration error, exit 2.
     */
    private static EmbeddedDatabase startEmbedded(HooklineConfig config) {
        Path dir = Path.of(config.database().dataDir());
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.start(dir, () -> TakenPorts.check(config));
        } catch (TakenPorts.Taken e) {
            exitTaken(e);
            return null;
        } catch (DataDirLock.InUseException e) {
            System.err.println("hookline: " + e.getMessage());
            System.exit(1);
            return null;
        } catch (DataDirLock.UnusableException e) {
            System.err.println("hookline: " + e.getMessage());
            System.exit(2);
            return null;
        } catch (Exception | ExceptionInInitializerError e) {
            // Ctrl-C reaches initdb and pg_ctl too (one process group): their failure is the stop, not an error
            stopIfAsked("the embedded PostgreSQL's start was stopped with it (" + oneLine(e) + ")");
            System.err.println("hookline: could not start the embedded PostgreSQL in "
                    + dir.toAbsolutePath().normalize() + " (" + oneLine(e)
                    + "; its log is postgresql.log there); or set HOOKLINE_DB_URL to a running server");
            System.exit(1);
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "hookline-embedded-postgres-stop"));
        LoggerFactory.getLogger(Main.class)
                .info(
                        "HOOKLINE_DB_URL is not set: using an embedded PostgreSQL {} on "
                                + "127.0.0.1:{} with its data in {} (kept across restarts; copy it out with pg_dump {} or newer: {}). For "
                                + "production set HOOKLINE_DB_URL=postgresql://user:password@host:5432/hookline (docs/embedded-postgres.md: "
                                + "\"Moving to your own PostgreSQL\")",
                        EmbeddedDatabase.majorVersion(),
                        db.port(),
                        db.dataDir(),
                        EmbeddedDatabase.majorVersion(),
                        db.dumpCommand());
        return db;
    }

    private static String oneLine(Throwable error) {
        Throwable root = error;
        String message = root.getMessage();
        while ((message == null || message.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        if (message == null) {
            message = root.getClass().getSimpleName();
        }
        return message.replace('\n', ' ');
    }
}
