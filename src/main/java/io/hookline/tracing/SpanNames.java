package io.hookline.tracing;

/**
 * The names of Hookline's spans and of the attributes they carry (docs/observability.md). HTTP and server
 * attributes follow the OpenTelemetry semantic conventions; Hookline's own start with {@code hookline.}.
 */
public final class SpanNames {

    public static final String COMMIT = "hookline.journal.commit";
    public static final String FANOUT = "hookline.fanout";
    public static final String ATTEMPT = "hookline.delivery.attempt";

    public static final String HTTP_METHOD = "http.request.method";
    public static final String HTTP_ROUTE = "http.route";
    public static final String HTTP_STATUS = "http.response.status_code";
    public static final String URL_PATH = "url.path";
    public static final String URL_SCHEME = "url.scheme";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String ERROR_TYPE = "error.type";
    public static final String DB_SYSTEM = "db.system.name";

    public static final String WORKSPACE = "hookline.workspace.id";
    public static final String EVENT_ID = "hookline.event.id";
    public static final String EVENT_SEQ = "hookline.event.seq";
    public static final String WEBHOOK = "hookline.webhook.id";
    public static final String TRIGGER = "hookline.delivery.trigger";
    public static final String BATCH_EVENTS = "hookline.batch.events";
    public static final String COMMIT_EVENTS = "hookline.journal.events";
    public static final String COMMIT_REQUESTS = "hookline.journal.requests";
    public static final String REDRIVE = "hookline.fanout.redrive";
    public static final String FANOUT_WEBHOOKS = "hookline.fanout.webhooks";
    public static final String SKIP_REASON = "hookline.skip_reason";

    private SpanNames() {}
}
