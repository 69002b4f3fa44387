package io.hookline.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookline.testing.Await;
import io.hookline.testing.OtlpReceiver;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The exporter's side of tracing: where spans go, and what happens when the collector is not there. */
@Timeout(60)
class OtlpTracingTest {

    private static final Tracing.Attempt ATTEMPT =
            new Tracing.Attempt("test", "ws", "hook", "evt", false, "127.0.0.1", 9);

    @Test
    void anEndpointGivenWithItsTracesPathIsUsedAsItIs() {
        Vertx vertx = Vertx.vertx();
        try {
            OtlpReceiver otlp = OtlpReceiver.start(vertx);
            Tracing tracing = Tracing.of(otlp.url() + "/v1/traces", "test", "instance-1");

            tracing.attempt(null, ATTEMPT).end(null);
            tracing.close();

            OtlpReceiver.Span span =
                    otlp.await(1, s -> true, Duration.ofSeconds(10)).get(0);
            assertThat(span.name()).isEqualTo(SpanNames.ATTEMPT);
            assertThat(span.resource())
                    .containsEntry("service.name", "hookline")
                    .containsEntry("service.version", "test")
                    .containsEntry("service.instance.id", "instance-1");
        } finally {
            Await.result(vertx.close());
        }
    }

    @Test
    void aCollectorThatIsNotThereIsReportedInHooklinesLogAndDoesNotHoldUpTheStop() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        Logger log = (Logger) LoggerFactory.getLogger(ReportedExporter.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            java.util.Map<String, Integer> counted = new java.util.concurrent.ConcurrentHashMap<>();
            Tracing tracing = Tracing.of(
                    "http://127.0.0.1:" + port,
                    "test",
                    "instance-1",
                    (outcome, n) -> counted.merge(outcome, n, Integer::sum));
            tracing.attempt(null, ATTEMPT).end(null);
            tracing.attempt(null, ATTEMPT).end("HTTP 500");

            long started = System.nanoTime();
            tracing.close();

            assertThat(counted).containsOnly(entry("ended", 2), entry("export_failed", 2), entry("exported", 0));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(7));
            assertThat(lines.list).anySatisfy(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.WARN);
                assertThat(line.getFormattedMessage())
                        .contains("http://127.0.0.1:" + port + "/v1/traces")
                        .contains("did not take 2 spans")
                        .containsPattern("\\(ConnectException[^)]*\\)");
            });
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void aCollectorThatAnswersWithAnErrorIsReportedWithItsStatus() throws Exception {
        Vertx vertx = Vertx.vertx();
        Logger log = (Logger) LoggerFactory.getLogger(ReportedExporter.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            int port = Await.result(vertx.createHttpServer()
                            .requestHandler(r -> r.body()
                                    .onComplete(
                                            b -> r.response().setStatusCode(500).end("no")))
                            .listen(0, "127.0.0.1"))
                    .actualPort();
            Tracing tracing = Tracing.of("http://127.0.0.1:" + port, "test", "instance-1");
            tracing.attempt(null, ATTEMPT).end(null);

            tracing.close();

            assertThat(lines.list)
                    .anySatisfy(
                            line -> assertThat(line.getFormattedMessage()).contains("did not take 1 spans (HTTP 500)"));
        } finally {
            log.detachAppender(lines);
            Await.result(vertx.close());
        }
    }
}
