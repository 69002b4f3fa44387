package io.hookline.testing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real OTLP/HTTP collector on loopback: takes {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest}, decodes it with the protocol's own classes and keeps every span it got.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A link from one span to another. */
    public record Link(String traceId, String spanId) {}

    /** One exported span; ids in lower-case hex, {@code parentSpanId} empty for a trace's root. */
    public record Span(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            Map<String, Object> attributes,
            List<Link> links,
            String status,
            String statusMessage,
            Map<String, Object> resource) {
        public Object attribute(String key) {
            return attributes.get(key);
        }

        public boolean childOf(Span parent) {
            return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
        }

        public boolean linksTo(Span other) {
            return links.contains(new Link(other.traceId, other.spanId));
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    /** The content type of every export request. */
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start(Vertx vertx) {
        OtlpReceiver receiver = new OtlpReceiver(vertx.createHttpServer());
        receiver.server.requestHandler(receiver::handle);
        Await.result(receiver.server.listen(0, "127.0.0.1"));
        return receiver;
    }

    private void handle(HttpServerRequest request) {
        if (!"/v1/traces".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            try {
                contentTypes.add(request.getHeader("content-type"));
                ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
                export.getResourceSpansList().forEach(this::keep);
                request.response()
                        .putHeader("content-type", "application/x-protobuf")
                        .end(Buffer.buffer(
                                ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } catch (Exception e) {
                request.response().setStatusCode(400).end(String.valueOf(e));
            }
        });
    }

    private void keep(ResourceSpans resourceSpans) {
        Map<String, Object> resource = attributes(resourceSpans.getResource());
        for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            for (io.opentelemetry.proto.trace.v1.Span s : scope.getSpansList()) {
                List<Link> links = new ArrayList<>();
                s.getLinksList()
                        .forEach(l -> links.add(new Link(
                                hex(l.getTraceId().toByteArray()),
                                hex(l.getSpanId().toByteArray()))));
                spans.add(new Span(
                        hex(s.getTraceId().toByteArray()),
                        hex(s.getSpanId().toByteArray()),
                        hex(s.getParentSpanId().toByteArray()),
                        s.getName(),
                        s.getKind().name(),
                        attributes(s.getAttributesList()),
                        List.copyOf(links),
                        s.getStatus().getCode().name(),
                        s.getStatus().getMessage(),
                        resource));
            }
        }
    }

    private static Map<String, Object> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, Object> attributes(List<KeyValue> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : values) {
            AnyValue v = kv.getValue();
            out.put(
                    kv.getKey(),
                    switch (v.getValueCase()) {
                        case STRING_VALUE -> v.getStringValue();
                        case INT_VALUE -> v.getIntValue();
                        case BOOL_VALUE -> v.getBoolValue();
                        case DOUBLE_VALUE -> v.getDoubleValue();
                        default -> v.toString();
                    });
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The base URL to configure as {@code HOOKLINE_OTLP_ENDPOINT}. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<Span> spans() {
        return new ArrayList<>(spans);
    }

    public List<String> contentTypes() {
        return new ArrayList<>(contentTypes);
    }

    /** Waits until at least {@code count} spans match; returns every matching span. */
    public List<Span> await(int count, Predicate<Span> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Span> matching = spans.stream().filter(filter).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching spans within " + timeout + ", got "
                        + matching.size() + " (of " + spans.size() + " in all: "
                        + spans.stream().map(Span::name).toList() + ")");
            }
            Receiver.sleep(20);
        }
    }

    /** Every span of one trace, once at least {@code count} arrived. */
    public List<Span> trace(String traceId, int count, Duration timeout) {
        return await(count, s -> s.traceId().equals(traceId), timeout);
    }

    @Override
    public void close() {
        Await.result(server.close());
    }
}
