package io.hookline.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * zonky's start of the server, watched through the server's log. zonky runs {@code pg_ctl -w start} and then tries
 * to connect for its whole startup wait (3 minutes, for a long crash recovery), even when the server exited at once:
 * a data directory of another PostgreSQL version, a bad setting. pg_ctl writes "could not start server" to the log
 * only once it has seen the server process exit, so that line ends the wait, and the server's own complaint is
 * quoted. (Its other give-up, "server did not start in time" after its own 60 s, leaves a server still starting, e.g.
 * replaying a long WAL: that one is waited for.) zonky's thread is left to finish its wait on its own; since its
 * server is gone, it can only fail.
 */
final class ServerStart {

    private static final long POLL_MS = 200;
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    /** What pg_ctl writes when the server it started has exited. */
    private static final String SERVER_EXITED = "could not start server";

    private ServerStart() {}

    interface ZonkyStart {
        EmbeddedPostgres start() throws Exception;
    }

    static EmbeddedPostgres run(ZonkyStart zonky, Path log) throws IOException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
        Thread starter = new Thread(
                () -> {
                    try {
                        started.complete(zonky.start());
                    } catch (Throwable e) {
                        started.completeExceptionally(e);
                    }
                },
                "hookline-embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        try {
            return await(started, log, logStart);
        } catch (IOException | RuntimeException e) {
            Optional<String> said = serverSaid(log, logStart);
            if (said.isPresent()) {
                throw new IOException(e.getMessage() + "; its log says: " + said.get(), e);
            }
            throw e;
        }
    }

    private static EmbeddedPostgres await(CompletableFuture<EmbeddedPostgres> started, Path log, long logStart)
            throws IOException {
        while (true) {
            try {
                return started.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (serverExited(log, logStart)) {
                    throw new IOException("the server stopped while starting");
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.thenAccept(ServerStart::stopQuietly); // it may still come up; nobody would stop it then
                throw new IOException("interrupted while the server was starting", e);
            }
        }
    }

    private static void stopQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            // it was given up on; its data directory is no longer locked by this process
        }
    }

    /** A log truncated below {@code offset} reads as empty: then zonky's own wait decides. */
    static boolean serverExited(Path log, long offset) {
        return since(log, offset).contains(SERVER_EXITED);
    }

    /**
     * The server's last complaint in its log since {@code offset} (a FATAL line, a library it could not load), with
     * the DETAIL and HINT lines that follow it, to quote when it did not start: zonky only says it gave up waiting.
     */
    static Optional<String> serverSaid(Path log, long offset) {
        List<String> lines = since(log, offset).lines().map(String::strip).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.contains("FATAL:") || line.contains("PANIC:") || line.contains("error while loading")) {
                StringBuilder said = new StringBuilder(fromTimestamp(line));
                for (int j = i + 1; j < lines.size() && explains(lines.get(j)); j++) {
                    said.append(' ').append(lines.get(j));
                }
                return Optional.of(said.toString());
            }
        }
        return Optional.empty();
    }

    /** pg_ctl's "waiting for server to start...." has no line end, so the server's first line follows it. */
    private static String fromTimestamp(String line) {
        Matcher timestamp = TIMESTAMP.matcher(line);
        return timestamp.find() ? line.substring(timestamp.start()) : line;
    }

    private static boolean explains(String line) {
        return line.contains("DETAIL:") || line.contains("HINT:");
    }

    private static String since(Path log, long offset) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
