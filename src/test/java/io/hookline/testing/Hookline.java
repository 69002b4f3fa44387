package io.hookline.testing;

import io.hookline.app.HooklineApp;
import io.hookline.app.Transports;
import io.hookline.config.ConfigLoader;
import io.hookline.config.HooklineConfig;
import io.hookline.metrics.HooklineMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.time.Clock;
import java.util.Map;

/** A real Hookline (all verticles, real listeners) started in this JVM against a test database. */
public final class Hookline implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String INGEST_TOKEN = "test-ingest-token";

    private final Vertx vertx;
    private final HooklineApp app;

    private Hookline(Vertx vertx, HooklineApp app) {
        this.vertx = vertx;
        this.app = app;
    }

    public static Hookline start(String dbUrl) {
        return start(dbUrl, new JsonObject());
    }

    public static Hookline start(String dbUrl, JsonObject overrides) {
        return start(dbUrl, overrides, new VertxOptions(), Clock.systemUTC());
    }

    public static Hookline start(String dbUrl, JsonObject overrides, VertxOptions vertxOptions, Clock clock) {
        JsonObject settings = new JsonObject()
                .put("ingest_port", 0)
                .put("admin_port", 0)
                .put("db_url", dbUrl)
                .put("admin_token", ADMIN_TOKEN)
                .put("ingest_tokens", INGEST_TOKEN)
                .put("allow_private_targets", true)
                .put("event_loops", 2)
                .put("db_pool_size", 6)
                .mergeIn(overrides);
        HooklineConfig config = ConfigLoader.resolve(settings, Map.of());
        HooklineMetrics metrics = HooklineMetrics.standalone();
        // the transport a started jar takes on this machine, so the tests run on the production one
        Vertx vertx = Vertx.builder()
                .withTransport(Transports.choose(config.runtime().transport()))
                .with(vertxOptions.setEventLoopPoolSize(2).setMetricsOptions(HooklineMetrics.vertxMetricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .build();
        HooklineApp app = new HooklineApp(config, clock, metrics);
        try {
            Await.result(vertx.deployVerticle(app));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
        return new Hookline(vertx, app);
    }

    /** The running instance's parts (database pool, webhook cache, ports, routers). */
    public HooklineApp app() {
        return app;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String ingestUrl(String path) {
        return "http://127.0.0.1:" + app().ports().ingest() + path;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + app().ports().admin() + path;
    }

    public Http.Response postEvent(Object event) {
        return Http.json("POST", ingestUrl("/v1/events"), INGEST_TOKEN, event);
    }

    public Http.Response postBatch(Object body) {
        return Http.json("POST", ingestUrl("/v1/events/batch"), INGEST_TOKEN, body);
    }

    public Http.Response admin(String method, String path, Object body) {
        return Http.json(method, adminUrl(path), ADMIN_TOKEN, body);
    }

    /** PUTs a workspace and returns its id. */
    public String workspace(String id) {
        Http.Response r = admin(
                "PUT",
                "/v1/workspaces/" + id,
                new JsonObject()
                        .put("name", "Workspace " + id)
                        .put("notification_email", "ops-" + id + "@example.com"));
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException("workspace " + id + ": " + r);
        }
        return id;
    }

    /** Mints a workspace token (admin call) and returns the token itself, which Hookline shows only once. */
    public String workspaceToken(String workspace, String name) {
        Http.Response r = admin("POST", "/v1/workspaces/" + workspace + "/tokens", new JsonObject().put("name", name));
        if (r.status() != 201) {
            throw new IllegalStateException("token: " + r);
        }
        return r.json().getString("token");
    }

    /** Creates a webhook and returns its JSON (with {@code secret}). */
    public JsonObject webhook(String workspace, String url, String eventType, String format) {
        JsonObject body = new JsonObject().put("url", url).put("event_type", eventType);
        if (format != null) {
            body.put("format", format);
        }
        Http.Response r = admin("POST", "/v1/workspaces/" + workspace + "/webhooks", body);
        if (r.status() != 201) {
            throw new IllegalStateException("webhook: " + r);
        }
        return r.json();
    }

    public JsonObject webhook(String workspace, String url, String eventType) {
        return webhook(workspace, url, eventType, null);
    }

    /** The current value of one series of {@code GET /metrics} (exact name with labels), 0 while it is absent. */
    public double metric(String series) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "^" + java.util.regex.Pattern.quote(series) + " ([0-9.eE+-]+)$",
                        java.util.regex.Pattern.MULTILINE)
                .matcher(Http.json("GET", adminUrl("/metrics"), null, null).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Stops like SIGTERM does: graceful shutdown, then the Vert.x instance. */
    @Override
    public void close() {
        try {
            Await.result(app.shutdown());
        } finally {
            Await.result(vertx.close());
        }
    }
}
