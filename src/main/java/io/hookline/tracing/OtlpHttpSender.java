package io.hookline.tracing;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends the OTLP exporter's requests with the JDK's HTTP client. The exporter looks for a sender on the class path;
 * the published ones are OkHttp's (which would bring OkHttp, Okio and the Kotlin library into the jar) and a JDK one
 * last released for an older SDK (1.63), so Hookline hands the exporter this one through {@link #loader()}. Exports
 * run on the SDK's own thread and the client's, never on an event loop.
 */
final class OtlpHttpSender implements HttpSender {

    private final HttpSenderConfig config;
    private final HttpClient client;

    private OtlpHttpSender(HttpSenderConfig config) {
        this.config = config;
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.getConnectTimeout());
        if (config.getSslContext() != null) {
            builder.sslContext(config.getSslContext());
        }
        this.client = builder.build();
    }

    /** Finds this sender for the exporter, and everything else the SDK looks up where it would have. */
    static ComponentLoader loader() {
        ComponentLoader classPath = ComponentLoader.forClassLoader(OtlpHttpSender.class.getClassLoader());
        return new ComponentLoader() {
            @Override
            public <T> Iterable<T> load(Class<T> type) {
                if (type == HttpSenderProvider.class) {
                    HttpSenderProvider provider = OtlpHttpSender::new;
                    return List.of(type.cast(provider));
                }
                return classPath.load(type);
            }
        };
    }

    @Override
    public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        byte[] body;
        try {
            body = body(message);
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(config.getEndpoint())
                .timeout(config.getTimeout())
                .header("Content-Type", config.getContentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.getCompressor() != null) {
            request.header("Content-Encoding", config.getCompressor().getEncoding());
        }
        Map<String, List<String>> headers = config.getHeadersSupplier() == null
                ? null
                : config.getHeadersSupplier().get();
        if (headers != null) {
            headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        }
        client.sendAsync(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, err) -> {
                    if (err != null) {
                        onError.accept(err);
                    } else {
                        onResponse.accept(new Answer(response));
                    }
                });
    }

    private byte[] body(MessageWriter message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, message.getContentLength()));
        Compressor compressor = config.getCompressor();
        if (compressor == null) {
            message.writeMessage(bytes);
        } else {
            try (OutputStream out = compressor.compress(bytes)) {
                message.writeMessage(out);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess(); // the client's threads are daemons and end with their last request
    }

    private record Answer(java.net.http.HttpResponse<byte[]> response) implements HttpResponse {
        @Override
        public int getStatusCode() {
            return response.statusCode();
        }

        @Override
        public String getStatusMessage() {
            return String.valueOf(response.statusCode());
        }

        @Override
        public byte[] getResponseBody() {
            return response.body();
        }
    }
}
