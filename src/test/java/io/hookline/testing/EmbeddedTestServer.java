package io.hookline.testing;

import io.hookline.embedded.DataDirLock;
import io.hookline.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tests' last resort for PostgreSQL: Hookline's own embedded server, one per JVM, in {@code target/test-postgres}
 * (kept between runs, so only the first run unpacks and initialises it; a server a killed run left behind is stopped
 * there first). If another build in this checkout holds that directory, a temporary one is used and deleted at exit.
 */
final class EmbeddedTestServer {

    private static EmbeddedDatabase server;

    private EmbeddedTestServer() {}

    /** {@code postgresql://postgres@127.0.0.1:<port>/postgres} of the running server, started on first use. */
    static synchronized String url() {
        if (server == null) {
            server = start();
        }
        return server.url("postgres");
    }

    private static EmbeddedDatabase start() {
        try {
            EmbeddedDatabase db;
            Path temporary = null;
            try {
                db = EmbeddedDatabase.start(Path.of("target", "test-postgres"));
            } catch (DataDirLock.InUseException busy) {
                temporary = Files.createTempDirectory("hookline-test-postgres");
                db = EmbeddedDatabase.start(temporary);
            }
            EmbeddedDatabase started = db;
            Path delete = temporary;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                started.close();
                                if (delete != null) {
                                    deleteTree(delete);
                                }
                            },
                            "test-postgres-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL for the tests did not start", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
