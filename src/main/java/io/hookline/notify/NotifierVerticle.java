package io.hookline.notify;

import io.hookline.bus.Addresses;
import io.hookline.config.HooklineConfig;
import io.hookline.store.PassFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the notification outbox: claims due mails (so several instances never send the same one), sends them over
 * SMTP, and records the outcome. A failed send is retried with growing delays (up to 5 minutes) until the mail
 * server takes it. With no {@code HOOKLINE_SMTP_HOST} each notification is logged and marked {@code logged}.
 */
public final class NotifierVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);
    private final PassFailures failures = new PassFailures(LOG, "Notification outbox pass");
    private static final long POLL_MS = 1000;
    private static final int MAX_BACKOFF_S = 300;
    /** How often a send under way renews its two-minute claim. */
    private static final long RENEW_MS = 30_000;
    /** How long a stop waits for the mail client to close. */
    private static final long CLOSE_WAIT_MS = 1000;

    private final Pool pool;
    private final UUID instanceId;
    private final HooklineConfig config;
    private MailClient mail;
    private long timer;
    private boolean running;
    private boolean again;

    public NotifierVerticle(Pool pool, UUID instanceId, HooklineConfig config) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.config = config;
    }

    @Override
    public Future<?> start() {
        if (config.mail().enabled()) {
            MailConfig mailConfig = new MailConfig()
                    .setHostname(config.mail().host())
                    .setPort(config.mail().port())
                    .setStarttls(StartTLSOptions.OPTIONAL)
                    // a server that stops answering fails the send (it is retried) instead of holding the outbox
                    .setConnectTimeout(config.mail().timeoutMs())
                    .setIdleTimeout(config.mail().timeoutMs())
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                    .setKeepAlive(false);
            if (!config.mail().username().isEmpty()) {
                mailConfig
                        .setLogin(LoginOption.REQUIRED)
                        .setUsername(config.mail().username())
                        .setPassword(config.mail().password());
            } else {
                mailConfig.setLogin(LoginOption.DISABLED);
            }
            mail = MailClient.create(vertx, mailConfig);
        }
        timer = vertx.setPeriodic(POLL_MS, id -> run());
        return vertx.eventBus().consumer(Addresses.NOTIFY_WAKE, msg -> run()).completion();
    }

    private void run() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        again = false;
        io.hookline.store.NotificationOutbox.claim(pool, instanceId)
                .compose(rows -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Row row : rows) {
                        chain = chain.compose(v -> deliver(row));
                    }
                    return chain;
                })
                .onComplete(ar -> {
                    running = false;
                    if (ar.failed()) {
                        failures.failed(ar.cause());
                        return;
                    }
                    failures.succeeded();
                    if (again) {
                        run();
                    }
                });
    }

    private Future<Void> deliver(Row row) {
        long id = row.getLong("id");
        if (mail == null) {
            // not the subject: it names the webhook's URL with its path, which stays out of the log (review)
            LOG.warn(
                    "Notification {} ({} of webhook {}) for workspace {} not mailed (HOOKLINE_SMTP_HOST is not set); to:"
                            + " {}; read it with GET /v1/workspaces/{}/notifications",
                    id,
                    row.getString("kind"),
                    row.getUUID("webhook_id"),
                    row.getString("workspace_id"),
                    row.getString("to_address"),
                    row.getString("workspace_id"));
            return finish(id, "logged", null, false);
        }
        // sent only while the claim is still this instance's, and kept while the send lasts: another instance takes a
        // claim over only once it lapsed, so a send that outlived it would mail the notice twice
        return io.hookline.store.NotificationOutbox.renew(pool, id, instanceId).compose(held -> {
            if (!held) {
                return Future.succeededFuture();
            }
            long renewal =
                    vertx.setPeriodic(RENEW_MS, t -> io.hookline.store.NotificationOutbox.renew(pool, id, instanceId));
            return send(row).onComplete(ar -> vertx.cancelTimer(renewal));
        });
    }

    private Future<Void> send(Row row) {
        long id = row.getLong("id");
        MailMessage message = new MailMessage()
                .setFrom(config.mail().from())
                .setTo(row.getString("to_address"))
                .setSubject(row.getString("subject"))
                .setText(DisableNotice.withPublicUrl(
                        row.getString("body"), config.admin().publicUrl()));
        long started = System.nanoTime();
        return mail.sendMail(message)
                .compose(
                        sent -> {
                            LOG.info("Notification {} mailed to {}", id, row.getString("to_address"));
                            return finish(id, "sent", null, false);
                        },
                        err -> {
                            int attempts = row.getInteger("attempts") + 1;
                            LOG.warn(
                                    "Mailing notification {} failed (attempt {}), will retry: {}",
                                    id,
                                    attempts,
                                    err.toString());
                            return finish(id, "pending", sendError(err, started), true);
                        });
    }

    /** What went wrong, for the outbox: a connection the idle timeout closed reads "socket was closed" otherwise. */
    private String sendError(Throwable err, long started) {
        long timeoutMs = config.mail().timeoutMs();
        if (System.nanoTime() - started >= timeoutMs * 1_000_000L && err instanceof java.io.IOException) {
            return "the mail server did not answer within " + timeoutMs + " ms (HOOKLINE_SMTP_TIMEOUT_MS)";
        }
        return err.getMessage() == null ? err.toString() : err.getMessage();
    }

    /** Records an outcome and releases the claim; a retry waits 2^attempts seconds, at most 5 minutes. */
    private Future<Void> finish(long id, String status, String error, boolean retry) {
        return io.hookline.store.NotificationOutbox.finish(pool, id, instanceId, status, error, retry, MAX_BACKOFF_S);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        // a send under way (a mail server that stalls) must not hold up the shutdown: its claim is free once this
        // instance is marked stopped, and the mail is sent again by whoever takes it
        return mail == null ? Future.succeededFuture() : Future.any(mail.close(), vertx.timer(CLOSE_WAIT_MS));
    }
}
