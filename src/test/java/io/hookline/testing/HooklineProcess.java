package io.hookline.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/hookline.jar} as a child process, which a test can SIGKILL or SIGTERM. */
public final class HooklineProcess implements AutoCloseable {

    private final Process process;
    private final int ingestPort;
    private final int adminPort;
    private final Path log;

    private HooklineProcess(Process process, int ingestPort, int adminPort, Path log) {
        this.process = process;
        this.ingestPort = ingestPort;
        this.adminPort = adminPort;
        this.log = log;
    }

    /** What a run that ended by itself printed, and its exit code. */
    public record Exit(int code, String output) {}

    /** Runs the jar with only {@code env} set and waits for it to exit on its own (for start-up failures). */
    public static Exit runToExit(Map<String, String> env, long timeoutMs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder =
                new ProcessBuilder(java, "-Xmx256m", "-jar", "target/hookline.jar").redirectErrorStream(true);
        if (!env.containsKey("HOOKLINE_DB_URL")) {
            builder.environment()
                    .remove("HOOKLINE_DB_URL"); // no database given: the embedded one, as on a fresh machine
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Hookline did not exit within " + timeoutMs + " ms");
        }
        return new Exit(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    /** Starts the jar against {@code dbUrl} with the test tokens and waits until it is ready. */
    public static HooklineProcess start(String name, String dbUrl, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.putIfAbsent("HOOKLINE_DB_URL", dbUrl);
        return launch(name, env, 60);
    }

    /**
     * Starts the jar with no database settings at all (its embedded PostgreSQL keeps its data in {@code dataDir}) and
     * waits until it is ready; the first start unpacks and initialises the server, so it may take a while.
     */
    public static HooklineProcess startEmbedded(String name, Path dataDir, Map<String, String> extraEnv)
            throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOOKLINE_DATA_DIR", dataDir.toString());
        return launch(name, env, 180);
    }

    /** {@link #startEmbedded} without waiting for it to become ready. */
    public static HooklineProcess launchEmbeddedOnly(String name, Path dataDir) throws Exception {
        return launch(name, Map.of("HOOKLINE_DATA_DIR", dataDir.toString()), 0);
    }

    private static HooklineProcess launch(String name, Map<String, String> givenEnv, int readySeconds)
            throws Exception {
        Path jar = Path.of("target", "hookline.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/hookline.jar is missing: run these tests with 'mvn verify'");
        }
        int ingest = freePort();
        int admin = freePort();
        Path log = Path.of("target", "it-logs", name + "-" + System.currentTimeMillis() + ".log");
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>();
        env.put("HOOKLINE_INGEST_PORT", Integer.toString(ingest));
        env.put("HOOKLINE_ADMIN_PORT", Integer.toString(admin));
        env.put("HOOKLINE_ADMIN_TOKEN", Hookline.ADMIN_TOKEN);
        env.put("HOOKLINE_INGEST_TOKENS", Hookline.INGEST_TOKEN);
        env.put("HOOKLINE_ALLOW_PRIVATE_TARGETS", "true");
        env.put("HOOKLINE_EVENT_LOOPS", "2");
        env.put("HOOKLINE_INSTANCE_LEASE_MS", "2000");
        env.put("HOOKLINE_SHUTDOWN_DEADLINE_MS", "5000");
        env.putAll(givenEnv);
        if (!env.containsKey("HOOKLINE_DB_URL")) {
            builder.environment().remove("HOOKLINE_DB_URL");
        }
        builder.environment().putAll(env);
        HooklineProcess started = new HooklineProcess(builder.start(), ingest, admin, log);
        if (readySeconds > 0) {
            started.awaitReady(readySeconds);
        }
        return started;
    }

    /** Starts the jar against {@code dbUrl} like {@link #start}, without waiting for it to become ready. */
    public static HooklineProcess launchOnly(String name, String dbUrl) throws Exception {
        return launchOnly(name, dbUrl, Map.of());
    }

    /** {@link #launchOnly(String, String)} with more settings. */
    public static HooklineProcess launchOnly(String name, String dbUrl, Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOOKLINE_DB_URL", dbUrl);
        return launch(name, env, 0);
    }

    private void awaitReady(int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Hookline exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (Http.json("GET", adminUrl("/ready"), null, null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Receiver.sleep(100);
        }
        throw new IllegalStateException("Hookline did not become ready: " + Files.readString(log));
    }

    public int ingestPort() {
        return ingestPort;
    }

    public int adminPort() {
        return adminPort;
    }

    public String ingestUrl(String path) {
        return "http://127.0.0.1:" + ingestPort + path;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown code runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code (or -1 if it did not exit in time). */
    public int terminate(long timeoutMs) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, without waiting. */
    public void terminateAsync() {
        process.destroy();
    }

    /** The exit code, or -1 if it did not exit in time. */
    public int awaitExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
