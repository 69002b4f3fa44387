package io.hookline.config;

import java.util.List;

/** Every setting, in the order the README's table lists them. */
public final class Settings {

    public static final Setting<Integer> INGEST_PORT =
            new Setting<>("ingest_port", 8080, false, "ingest listener (producers)", Parsers::port);
    public static final Setting<Integer> ADMIN_PORT =
            new Setting<>("admin_port", 8081, false, "admin listener (management API, health, metrics)", Parsers::port);
    public static final Setting<String> BIND_ADDRESS = new Setting<>(
            "bind_address",
            "0.0.0.0",
            false,
            "address both listeners bind to: `0.0.0.0` every IPv4 interface, `::` every interface, `127.0.0.1` this "
                    + "machine only",
            Parsers::bindAddress);
    public static final Setting<String> DB_URL = new Setting<>(
            "db_url",
            "",
            true,
            "PostgreSQL server, e.g. `postgresql://user:password@host:5432/hookline`; the database is created if missing "
                    + "and migrated at start (none named: `hookline`); no connection parameters but `sslmode=disable`"
                    + " (Hookline connects without TLS); unset = an embedded PostgreSQL keeping its data in"
                    + " `HOOKLINE_DATA_DIR`",
            Parsers::optionalDatabaseUrl);
    public static final Setting<String> DATA_DIR = new Setting<>(
            "data_dir",
            "./hookline-data",
            false,
            "directory of the embedded PostgreSQL (used only while `HOOKLINE_DB_URL` is unset): its data, binaries and log; "
                    + "one Hookline at a time",
            Parsers::nonBlank);
    public static final Setting<Integer> DB_POOL_SIZE = new Setting<>(
            "db_pool_size",
            12,
            false,
            "connections to PostgreSQL for delivery and ingest, shared out among the event loops (at least 2 each); "
                    + "checked at start against what the server accepts (see scaling.md)",
            Parsers::positive);
    public static final Setting<String> ADMIN_TOKEN = new Setting<>(
            "admin_token",
            "",
            true,
            "bearer token with full admin rights; if unset, one is generated at the first start, stored hashed and "
                    + "printed once",
            Parsers::token);
    public static final Setting<List<String>> INGEST_TOKENS = new Setting<>(
            "ingest_tokens",
            "",
            true,
            "comma-separated bearer tokens accepted on ingest; if unset, one is generated at the first start, stored hashed "
                    + "and printed once",
            Parsers::tokens);
    public static final Setting<String> SMTP_HOST = new Setting<>(
            "smtp_host",
            "",
            false,
            "outgoing mail server; if unset, notifications are stored and logged, not mailed",
            Parsers::mailHost);
    public static final Setting<Integer> SMTP_PORT =
            new Setting<>("smtp_port", 25, false, "outgoing mail server port", Parsers::remotePort);
    public static final Setting<String> SMTP_FROM = new Setting<>(
            "smtp_from", "hookline@localhost", false, "sender address of notification mails", Parsers::mailAddress);
    public static final Setting<Integer> SMTP_TIMEOUT_MS = new Setting<>(
            "smtp_timeout_ms",
            30000,
            false,
            "the mail server must answer each step of a send within this; a send that stalls fails and is retried",
            Parsers::positive);
    public static final Setting<String> SMTP_USERNAME =
            new Setting<>("smtp_username", "", false, "SMTP login; empty = no authentication", Parsers::string);
    public static final Setting<String> SMTP_PASSWORD =
            new Setting<>("smtp_password", "", true, "SMTP password", Parsers::string);
    public static final Setting<Boolean> ALLOW_PRIVATE_TARGETS = new Setting<>(
            "allow_private_targets",
            false,
            false,
            "when false, webhook URLs resolving to loopback, private, link-local, multicast or other special-purpose "
                    + "addresses are refused",
            Parsers::bool);
    public static final Setting<Integer> DELIVERY_TIMEOUT_MS =
            new Setting<>("delivery_timeout_ms", 5000, false, "a receiver must answer within this", Parsers::positive);
    public static final Setting<Integer> FAILURE_THRESHOLD = new Setting<>(
            "failure_threshold",
            10,
            false,
            "a webhook is disabled when its consecutive failures exceed this",
            Parsers::positive);
    public static final Setting<Integer> WARN_AFTER_FAILURES = new Setting<>(
            "warn_after_failures",
            5,
            false,
            "one `webhook_failing` notification per failure run when a webhook's consecutive failures reach this; 0 = off; "
                    + "a value above the failure threshold is refused at start, except the default 5 (unset or written out), "
                    + "which is lowered to a smaller threshold with a warning",
            Parsers::nonNegative);
    public static final Setting<Integer> MAX_WEBHOOKS_PER_WORKSPACE = new Setting<>(
            "max_webhooks_per_workspace", 10, false, "webhooks a workspace may register", Parsers::positive);
    public static final Setting<Integer> LOG_RETENTION_DAYS = new Setting<>(
            "log_retention_days", 10, false, "attempts and journal rows older than this are purged", Parsers::positive);
    public static final Setting<Integer> QUEUE_CAPACITY_PER_WEBHOOK = new Setting<>(
            "queue_capacity_per_webhook",
            10000,
            false,
            "deliveries held in memory per webhook; the rest wait in PostgreSQL and are picked up later",
            Parsers::positive);
    public static final Setting<Integer> MAX_IN_FLIGHT_PER_WEBHOOK = new Setting<>(
            "max_in_flight_per_webhook", 64, false, "concurrent requests to one webhook", Parsers::positive);
    public static final Setting<Integer> MAX_CONNECTIONS_PER_HOST = new Setting<>(
            "max_connections_per_host",
            128,
            false,
            "concurrent requests (and connections) to one receiver host and port from each event loop, all its"
                    + " webhooks together; the rest wait their turn, outside the delivery timeout",
            Parsers::positive);
    public static final Setting<Integer> MAX_QUEUED_DELIVERIES = new Setting<>(
            "max_queued_deliveries",
            200000,
            false,
            "deliveries held in memory in all; beyond this they wait in PostgreSQL",
            Parsers::positive);
    public static final Setting<Integer> INSTANCE_LEASE_MS = new Setting<>(
            "instance_lease_ms",
            10000,
            false,
            "an instance whose heartbeat (written every second) is older than this is presumed dead and its pending"
                    + " work is taken over; at least 1500",
            Parsers::instanceLease);
    public static final Setting<Integer> JOURNAL_MAX_BATCH = new Setting<>(
            "journal_max_batch", 1000, false, "most events committed by one group-commit insert", Parsers::positive);
    public static final Setting<Integer> INGEST_TIMEOUT_MS = new Setting<>(
            "ingest_timeout_ms",
            10000,
            false,
            "ingest answers 503 if the database has not committed an event within this",
            Parsers::positive);
    public static final Setting<Integer> SHUTDOWN_DEADLINE_MS = new Setting<>(
            "shutdown_deadline_ms",
            10000,
            false,
            "on SIGTERM, in-flight deliveries get this long to finish",
            Parsers::positive);
    public static final Setting<Integer> EVENT_LOOPS = new Setting<>(
            "event_loops",
            0,
            false,
            "event-loop threads, each running its own share of ingest and delivery; 0 = one per core (fewer when "
                    + "PostgreSQL accepts too few connections); at most 256",
            Parsers::eventLoops);
    public static final Setting<String> TRANSPORT = new Setting<>(
            "transport",
            "auto",
            false,
            "network transport of every socket: `auto` (epoll, else Java NIO), `epoll`, `nio` or `io_uring` (only when "
                    + "asked for: see performance.md); a transport asked for by name that is not available stops the start",
            Parsers.oneOf("auto", "io_uring", "epoll", "nio"));
    public static final Setting<Boolean> JIT_DIRECTIVES = new Setting<>(
            "jit_directives",
            false,
            false,
            "when true, give the JVM's C2 compiler at start Hookline's directive not to inline the larger methods of the "
                    + "request path: a fresh instance reaches full rate sooner, at a few per cent of its steady-state rate",
            Parsers::bool);
    public static final Setting<Boolean> METRICS_TOKEN_REQUIRED = new Setting<>(
            "metrics_token_required",
            false,
            false,
            "when true, `GET /metrics` needs the admin token (401 otherwise)",
            Parsers::bool);
    public static final Setting<String> PUBLIC_URL = new Setting<>(
            "public_url",
            "",
            false,
            "the admin listener's address as users reach it, e.g. `https://hookline.example.com`; notification mails link "
                    + "to its API and web console there; empty = links are paths",
            Parsers::publicUrl);
    public static final Setting<String> OTLP_ENDPOINT = new Setting<>(
            "otlp_endpoint",
            "",
            false,
            "OpenTelemetry collector to send traces to over OTLP/HTTP, e.g. `http://localhost:4318` (Hookline posts to "
                    + "its `/v1/traces`): spans of ingest requests, journal commits, fan-out and each delivery attempt, and a "
                    + "W3C `traceparent` header on every POST to a receiver; empty = tracing off",
            Parsers::otlpEndpoint);
    public static final Setting<String> LOG_FORMAT =
            new Setting<>("log_format", "text", false, "`text` or `json` log lines", Parsers.oneOf("text", "json"));

    public static final List<Setting<?>> ALL = List.of(
            INGEST_PORT,
            ADMIN_PORT,
            BIND_ADDRESS,
            DB_URL,
            DATA_DIR,
            DB_POOL_SIZE,
            ADMIN_TOKEN,
            INGEST_TOKENS,
            SMTP_HOST,
            SMTP_PORT,
            SMTP_FROM,
            SMTP_TIMEOUT_MS,
            SMTP_USERNAME,
            SMTP_PASSWORD,
            ALLOW_PRIVATE_TARGETS,
            DELIVERY_TIMEOUT_MS,
            FAILURE_THRESHOLD,
            WARN_AFTER_FAILURES,
            MAX_WEBHOOKS_PER_WORKSPACE,
            LOG_RETENTION_DAYS,
            QUEUE_CAPACITY_PER_WEBHOOK,
            MAX_IN_FLIGHT_PER_WEBHOOK,
            MAX_CONNECTIONS_PER_HOST,
            MAX_QUEUED_DELIVERIES,
            INSTANCE_LEASE_MS,
            JOURNAL_MAX_BATCH,
            INGEST_TIMEOUT_MS,
            SHUTDOWN_DEADLINE_MS,
            EVENT_LOOPS,
            TRANSPORT,
            JIT_DIRECTIVES,
            METRICS_TOKEN_REQUIRED,
            PUBLIC_URL,
            OTLP_ENDPOINT,
            LOG_FORMAT);

    private Settings() {}
}
