package io.hookline.app;

import io.hookline.config.DatabaseUrl;
import io.hookline.config.HooklineConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines logged once start-up is done: what an operator needs to see that the instance runs as configured, and
 * the warnings about the configuration and the tokens. It logs under {@link HooklineApp}'s name, so a log setup
 * that filters on the start-up logger still sees these lines.
 */
final class StartupLog {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineApp.class);

    private StartupLog() {}

    static void started(
            HooklineConfig config,
            UUID instance,
            Ports ports,
            DatabaseUrl url,
            int eventLoops,
            Vertx vertx,
            List<String> tokenNotices) {
        LOG.info(
                "Hookline {} started: instance {}, listening on {} (ingest port {}, admin port {}), database {}, "
                        + "event loops {} ({}), delivery timeout {} ms, failure threshold {}, private targets {}, mail {}",
                io.hookline.delivery.Sender.VERSION,
                instance,
                config.listeners().bindAddress(),
                ports.ingest(),
                ports.admin(),
                url.redacted(),
                eventLoops,
                Transports.nameOf(vertx),
                config.delivery().timeoutMs(),
                config.delivery().failureThreshold(),
                config.delivery().allowPrivateTargets() ? "allowed" : "refused",
                config.mail().enabled()
                        ? config.mail().host() + ":" + config.mail().port()
                        : "off (stored and logged only)");
        LOG.info(
                "Tracing: {}",
                config.runtime().tracing()
                        ? "OpenTelemetry over OTLP/HTTP to " + config.runtime().otlpEndpoint() + " (spans every second)"
                        : "off (set HOOKLINE_OTLP_ENDPOINT to send OpenTelemetry traces)");
        LOG.info(
                "Web console: {}",
                config.admin().publicUrl().isEmpty()
                        ? "/console/ on the admin listener (set HOOKLINE_PUBLIC_URL to the address users reach it at; mails link there)"
                        : config.admin().publicUrl() + "/console/");
        config.warnings().forEach(LOG::warn);
        tokenNotices.forEach(LOG::warn);
    }
}
