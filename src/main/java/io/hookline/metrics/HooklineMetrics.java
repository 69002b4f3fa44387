package io.hookline.metrics;

import io.hookline.event.EventKind;
import io.hookline.event.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Hookline's own series, next to the Vert.x ones (HTTP server and client, event bus, SQL pool) in the same
 * Prometheus registry, scraped at {@code GET /metrics} on the admin listener.
 */
public final class HooklineMetrics {

    private final PrometheusMeterRegistry registry;
    private final Timer deliveryDuration;
    private final Timer ingestToDelivery;
    private final Timer journalCommit;
    private final DistributionSummary journalBatchSize;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger breakers = new AtomicInteger();
    private final AtomicInteger openBreakers = new AtomicInteger();

    public HooklineMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.deliveryDuration = Timer.builder("hookline.delivery.duration")
                .description("Time from sending a webhook request to its outcome")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.ingestToDelivery = Timer.builder("hookline.ingest.to.delivery")
                .description("Time from an event's commit to the outcome of one of its deliveries")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.journalCommit = Timer.builder("hookline.journal.commit")
                .description("Latency of one group-commit write")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.journalBatchSize = DistributionSummary.builder("hookline.journal.batch.size")
                .description("Events per group-commit write")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1000.0)
                .register(registry);
        Gauge.builder("hookline.deliveries.in.flight", inFlight, AtomicInteger::get)
                .description("Webhook requests on the wire")
                .register(registry);
        Gauge.builder("hookline.circuit.breakers", () -> openBreakers.get())
                .tag("state", "open")
                .description("Per-webhook circuit breakers by state")
                .register(registry);
        Gauge.builder("hookline.circuit.breakers", () -> breakers.get() - openBreakers.get())
                .tag("state", "closed")
                .description("Per-webhook circuit breakers by state")
                .register(registry);
        registerAtZero();
    }

    /**
     * Every labelled series exists from the start, at 0: a series that appears only at its first increment makes
     * {@code rate()} and {@code increase()} miss that increment, and an alert on, say, failures has nothing to
     * compare against until the first one.
     */
    private void registerAtZero() {
        for (String outcome : List.of("accepted", "duplicate", "rejected", "unavailable")) {
            for (EventKind kind : EventKind.values()) {
                eventCounter(outcome, kind.wire());
            }
            eventCounter(outcome, "unknown");
        }
        for (SkipReason reason : SkipReason.values()) {
            skippedCounter(reason.wire());
        }
        for (String outcome : List.of("success", "failure", "dropped", "deferred")) {
            deliveryCounter(outcome);
        }
        redriveCounter("progressed");
        redriveCounter("no_room");
        for (String path : List.of("one_round_trip", "state_moved", "locking")) {
            reactionWriteCounter(path);
        }
    }

    /**
     * The Vert.x metrics to report next to Hookline's own: pools (PostgreSQL, HTTP client, workers) and the JVM.
     * Per-request HTTP and event-bus metrics are left out: Hookline's series already count every request that
     * matters, and per-request timers cost measurable CPU at tens of thousands of requests per second.
     */
    public static MicrometerMetricsOptions vertxMetricsOptions() {
        MicrometerMetricsOptions options =
                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true);
        for (MetricsDomain domain : new MetricsDomain[] {
            MetricsDomain.HTTP_SERVER,
            MetricsDomain.HTTP_CLIENT,
            MetricsDomain.EVENT_BUS,
            MetricsDomain.NET_SERVER,
            MetricsDomain.NET_CLIENT,
            MetricsDomain.DATAGRAM_SOCKET
        }) {
            options.addDisabledMetricsCategory(domain);
        }
        return options;
    }

    /** A registry of its own, for processes started without Vert.x metrics. */
    public static HooklineMetrics standalone() {
        return new HooklineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** outcome: accepted, duplicate, rejected, unavailable; type: message, call, reaction, unknown. */
    public void event(String outcome, String type) {
        eventCounter(outcome, type == null ? "unknown" : type).increment();
    }

    private Counter eventCounter(String outcome, String type) {
        // counted per event: looked up by a key built without string concatenation
        return eventCounters.computeIfAbsent(
                new Key(outcome, type),
                k -> Counter.builder("hookline.events")
                        .description("Events posted by producers, by outcome and type")
                        .tags("outcome", outcome, "type", type)
                        .register(registry));
    }

    public void skipped(String reason) {
        skippedCounter(reason).increment();
    }

    private Counter skippedCounter(String reason) {
        return labelled(
                skippedCounters,
                "hookline.events.skipped",
                "Accepted events that fired no request, by reason",
                "reason",
                reason);
    }

    /** outcome: success, failure, dropped (webhook disabled/deleted), deferred (queue full, left in PostgreSQL). */
    public void delivery(String outcome) {
        deliveryCounter(outcome).increment();
    }

    private Counter deliveryCounter(String outcome) {
        return labelled(deliveryCounters, "hookline.deliveries", "Deliveries by outcome", "outcome", outcome);
    }

    /** The counter of {@code name} with one label, {@code tag} = {@code value}, made at its first use. */
    private Counter labelled(Map<String, Counter> counters, String name, String description, String tag, String value) {
        return counters.computeIfAbsent(
                value,
                v -> Counter.builder(name).description(description).tags(tag, v).register(registry));
    }

    /**
     * Events the re-drive brought back from PostgreSQL: {@code progressed} went to a lane or were finished,
     * {@code no_room} could go nowhere yet (their webhooks' queues were full) and stay pending.
     */
    public void redriven(int progressed, int noRoom) {
        redriveCounter("progressed").increment(progressed);
        redriveCounter("no_room").increment(noRoom);
    }

    /**
     * Trace spans (while tracing is on): {@code ended}, {@code exported} (the collector took them), {@code
     * export_failed} (it did not; dropped). Ended spans counted in neither of the others were dropped by a full export
     * queue, or are still queued.
     */
    public void spans(String outcome, int count) {
        labelled(spanCounters, "hookline.trace.spans", "Trace spans by outcome", "outcome", outcome)
                .increment(count);
    }

    private Counter redriveCounter(String outcome) {
        return labelled(
                redriveCounters,
                "hookline.redrive.events",
                "Events brought back from pending_events by the re-drive, by outcome",
                "outcome",
                outcome);
    }

    /**
     * How a journal write with reactions went: {@code one_round_trip} (the instance knew the states and they were
     * unchanged), {@code state_moved} (one had changed; written again the locking way), {@code locking} (a state was
     * not known here).
     */
    public void reactionWrite(String path) {
        reactionWriteCounter(path).increment();
    }

    private Counter reactionWriteCounter(String path) {
        return labelled(
                reactionWriteCounters,
                "hookline.reaction.writes",
                "Journal writes with reactions, by how they were written",
                "path",
                path);
    }

    private record Key(String outcome, String type) {}

    private final Map<Key, Counter> eventCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> skippedCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> deliveryCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> redriveCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> reactionWriteCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> spanCounters = new ConcurrentHashMap<>();

    public void attempted(int durationMs, long sinceCommitMs) {
        deliveryDuration.record(durationMs, TimeUnit.MILLISECONDS);
        ingestToDelivery.record(Math.max(0, sinceCommitMs), TimeUnit.MILLISECONDS);
    }

    public void journalWrite(int events, long nanos) {
        journalBatchSize.record(events);
        journalCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    public void breakerCreated() {
        breakers.incrementAndGet();
    }

    public void breakerOpened() {
        openBreakers.incrementAndGet();
    }

    public void breakerClosed() {
        openBreakers.decrementAndGet();
    }

    /** A webhook's breaker is no longer used (the webhook was disabled or deleted). */
    public void breakerRetired(boolean wasOpen) {
        breakers.decrementAndGet();
        if (wasOpen) {
            openBreakers.decrementAndGet();
        }
    }
}
