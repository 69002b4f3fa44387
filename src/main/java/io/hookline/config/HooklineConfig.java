package io.hookline.config;

import java.util.List;

/**
 * Resolved, validated settings of one Hookline process, grouped by the part that uses them. Built by
 * {@link ConfigLoader}; {@code warnings} are problems worth a log line but not a refusal (an unknown
 * {@code HOOKLINE_*} variable, most likely a misspelt one).
 */
public record HooklineConfig(
        Listeners listeners,
        Database database,
        Admin admin,
        Ingest ingest,
        Delivery delivery,
        Mail mail,
        Retention retention,
        Runtime runtime,
        List<String> warnings) {

    /** Where the two HTTP listeners bind. */
    public record Listeners(String bindAddress, int ingestPort, int adminPort) {}

    /**
     * {@code url} empty: no server configured, so Hookline runs an embedded one with its data in {@code dataDir} and
     * continues with {@link #withUrl} once it is up.
     */
    public record Database(String url, int poolSize, String dataDir) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    /** The same settings, pointed at the database {@code url} (the embedded server once it runs). */
    public HooklineConfig withDatabaseUrl(String url) {
        return new HooklineConfig(
                listeners,
                new Database(url, database.poolSize(), database.dataDir()),
                admin,
                ingest,
                delivery,
                mail,
                retention,
                runtime,
                warnings);
    }

    /**
     * The management side. {@code token} is the configured admin token, or when {@code tokenGenerated} a fresh candidate
     * that is used only if no generated token is stored yet. {@code publicUrl}: where users reach the admin listener
     * (no trailing slash), or empty.
     */
    public record Admin(
            String token,
            boolean tokenGenerated,
            int maxWebhooksPerWorkspace,
            boolean metricsTokenRequired,
            String publicUrl) {}

    /** {@code tokens}: as configured, or when {@code tokensGenerated} one candidate (see {@link Admin}). */
    public record Ingest(List<String> tokens, boolean tokensGenerated, int journalMaxBatch, int timeoutMs) {}

    public record Delivery(
            int timeoutMs,
            boolean allowPrivateTargets,
            int failureThreshold,
            int queueCapacityPerWebhook,
            int maxInFlightPerWebhook,
            int maxConnectionsPerHost,
            int maxQueuedDeliveries,
            int warnAfterFailures) {}

    public record Mail(String host, int port, String from, int timeoutMs, String username, String password) {
        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }

    public record Retention(int logRetentionDays) {}

    /**
     * How the process runs: threads, liveness, shutdown, logs, traces. {@code otlpEndpoint}: the collector's base URL,
     * or empty when tracing is off.
     */
    public record Runtime(
            int eventLoops,
            String transport,
            boolean jitDirectives,
            int instanceLeaseMs,
            int shutdownDeadlineMs,
            String logFormat,
            String otlpEndpoint) {
        public boolean tracing() {
            return !otlpEndpoint.isEmpty();
        }
    }
}
