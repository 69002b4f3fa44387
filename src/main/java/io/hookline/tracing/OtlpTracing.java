package io.hookline.tracing;

import static io.hookline.tracing.SpanNames.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tracing on: spans made with the OpenTelemetry SDK, batched and exported over OTLP/HTTP (protobuf) to
 * {@code <endpoint>/v1/traces}. Every trace is kept unless the producer's {@code traceparent} says it is not sampled
 * (parent-based sampling), so producers decide, and a collector can sample further.
 */
final class OtlpTracing implements Tracing {

    private static final String REQUEST_KEY = "hookline.trace.request";
    /** A commit links the requests of its events; a group commit holds at most journal_max_batch (default 1000). */
    private static final int MAX_LINKS = 1024;

    private static final Duration EXPORT_EVERY = Duration.ofSeconds(1);
    /** Spans waiting for export; beyond this the SDK drops new ones rather than holding more memory. */
    private static final int MAX_QUEUED_SPANS = 16_384;

    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private OtlpTracing(SdkTracerProvider provider, Tracer tracer) {
        this.provider = provider;
        this.tracer = tracer;
    }

    static Tracing create(String endpoint, String version, String instanceId, SpanCounter counter) {
        String url = endpoint.endsWith("/v1/traces") ? endpoint : endpoint + "/v1/traces";
        for (String outcome : new String[] {"ended", "exported", "export_failed"}) {
            counter.counted(outcome, 0); // each series is there from the start, so an alert has one to watch
        }
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(url)
                .setComponentLoader(OtlpHttpSender.loader())
                .setMeterProvider(MeterProvider::noop)
                .build();
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        "hookline",
                        AttributeKey.stringKey("service.version"),
                        version,
                        AttributeKey.stringKey("service.instance.id"),
                        instanceId)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .setSpanLimits(
                        SpanLimits.builder().setMaxNumberOfLinks(MAX_LINKS).build())
                .addSpanProcessor(new EndedSpans(counter))
                .addSpanProcessor(BatchSpanProcessor.builder(new ReportedExporter(exporter, url, counter))
                        .setScheduleDelay(EXPORT_EVERY)
                        .setMaxQueueSize(MAX_QUEUED_SPANS)
                        .setMeterProvider(MeterProvider::noop)
                        .build())
                .build();
        return new OtlpTracing(
                provider,
                provider.tracerBuilder("io.hookline")
                        .setInstrumentationVersion(version)
                        .build());
    }

    @Override
    public boolean on() {
        return true;
    }

    @Override
    public Handler<RoutingContext> ingestRequests(String route) {
        String name = "POST " + route;
        return ctx -> {
            Context producer = W3CTraceContextPropagator.getInstance().extract(Context.root(), ctx.request(), HEADERS);
            OtelSpan span = new OtelSpan(tracer.spanBuilder(name)
                    .setSpanKind(SpanKind.SERVER)
                    .setParent(producer)
                    .setAttribute(HTTP_METHOD, "POST")
                    .setAttribute(HTTP_ROUTE, route)
                    .setAttribute(URL_PATH, ctx.request().path())
                    .setAttribute(URL_SCHEME, ctx.request().scheme())
                    .startSpan());
            ctx.put(REQUEST_KEY, span);
            // fails when the connection closed before the answer went out (the producer gave up): then there is no
            // status to report, only that it was never answered
            ctx.addEndHandler(ar -> {
                if (ar.succeeded()) {
                    span.answered(ctx.response().getStatusCode());
                } else {
                    span.unanswered();
                }
            });
            ctx.next();
        };
    }

    @Override
    public SpanHandle request(RoutingContext ctx) {
        OtelSpan span = ctx.get(REQUEST_KEY);
        return span == null ? SpanHandle.NONE : span;
    }

    @Override
    public SpanHandle commit(List<TraceParent> requests, int events) {
        SpanContext parent = null;
        for (TraceParent request : requests) {
            if (request != null && (parent == null || !parent.isSampled() && request.span.isSampled())) {
                parent = request.span;
            }
        }
        SpanBuilder builder = tracer.spanBuilder(COMMIT)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(context(parent))
                .setAttribute(DB_SYSTEM, "postgresql")
                .setAttribute(COMMIT_EVENTS, events);
        Set<SpanContext> linked = new HashSet<>();
        if (parent != null) {
            linked.add(parent);
        }
        for (TraceParent request : requests) {
            if (request != null && linked.add(request.span)) {
                builder.addLink(request.span);
            }
        }
        return new OtelSpan(builder.setAttribute(COMMIT_REQUESTS, linked.size()).startSpan());
    }

    @Override
    public SpanHandle fanout(TraceParent event, String workspaceId, String eventId, long seq, boolean redrive) {
        SpanBuilder builder = tracer.spanBuilder(FANOUT)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(context(event == null ? null : event.span))
                .setAttribute(WORKSPACE, workspaceId)
                .setAttribute(EVENT_ID, eventId)
                .setAttribute(EVENT_SEQ, seq)
                .setAttribute(REDRIVE, redrive);
        if (event != null && event.link != null) {
            builder.addLink(event.link);
        }
        return new OtelSpan(builder.startSpan());
    }

    @Override
    public SpanHandle attempt(TraceParent parent, Attempt attempt) {
        return new OtelSpan(tracer.spanBuilder(ATTEMPT)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(context(parent == null ? null : parent.span))
                .setAttribute(HTTP_METHOD, "POST")
                .setAttribute(URL_SCHEME, attempt.ssl() ? "https" : "http")
                .setAttribute(SERVER_ADDRESS, attempt.host())
                .setAttribute(SERVER_PORT, attempt.port())
                .setAttribute(TRIGGER, attempt.trigger())
                .setAttribute(WORKSPACE, attempt.workspaceId())
                .setAttribute(WEBHOOK, attempt.webhookId())
                .setAttribute(EVENT_ID, attempt.eventId())
                .startSpan());
    }

    /** The context to start a span in: under {@code parent}, or a new trace. */
    private static Context context(SpanContext parent) {
        return parent == null ? Context.root() : Context.root().with(Span.wrap(parent));
    }

    @Override
    public void close() {
        provider.shutdown().join(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
