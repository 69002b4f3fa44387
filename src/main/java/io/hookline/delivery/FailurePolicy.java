package io.hookline.delivery;

import io.hookline.http.Times;
import io.hookline.notify.DisableNotice;
import io.hookline.notify.FailingNotice;
import io.hookline.notify.NotificationOutbox;
import io.hookline.store.RecoveryStore;
import io.hookline.store.WebhookRows;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookChanges;
import io.hookline.webhook.WebhookJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-disable in SQL, inside the transaction that stores the attempts: {@code errors_counter} counts failures
 * since the last success and is updated atomically; a webhook whose counter exceeds the threshold is disabled in
 * the same statement sequence, with its audit entry and its notification mail in the outbox. Row locks make the
 * disable happen exactly once, however many instances saw the failures. Test attempts do not count. The warning
 * before ({@code HOOKLINE_WARN_AFTER_FAILURES}) is decided the same way, once per failure run.
 */
public final class FailurePolicy implements AttemptWriter.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

    private final int threshold;
    private final int warnAfter;
    private final Subscriptions subscriptions;
    private final Runnable wakeNotifier;

    /** {@code warnAfter}: failures in a row that queue one {@code webhook_failing} warning per run; 0 = none. */
    public FailurePolicy(int threshold, int warnAfter, Subscriptions subscriptions, Runnable wakeNotifier) {
        this.threshold = threshold;
        this.warnAfter = warnAfter;
        this.subscriptions = subscriptions;
        this.wakeNotifier = wakeNotifier;
    }

    /**
     * What a batch of attempts did to one webhook's runs of failures, in the order the outcomes came: the failures
     * before its first success ({@code lead}, which continue the stored run), the longest run between two successes
     * ({@code inner}) and the failures after its last success ({@code tail}). A batch can hold a whole run that passed
     * the threshold followed by successes of requests that were already on the wire: that run still disables.
     */
    private static final class Tally {
        boolean reset;
        boolean failed;
        int lead;
        int inner;
        int tail;
        String lastError;

        void add(AttemptRecord attempt) {
            if (attempt.success()) {
                if (reset) {
                    inner = Math.max(inner, tail);
                } else {
                    lead = tail;
                }
                reset = true;
                tail = 0;
            } else {
                failed = true;
                tail++;
                lastError = attempt.error() != null ? attempt.error() : "HTTP " + attempt.statusCode();
            }
        }
    }

    @Override
    public Future<Runnable> inTransaction(SqlConnection conn, List<AttemptRecord> attempts) {
        // in PostgreSQL's uuid order (unsigned, unlike UUID.compareTo), the order the statements lock them in
        Map<UUID, Tally> tallies = new TreeMap<>(FailurePolicy::storedOrder);
        for (AttemptRecord attempt : attempts) {
            if (!attempt.test()) {
                tallies.computeIfAbsent(attempt.webhookId(), id -> new Tally()).add(attempt);
            }
        }
        if (tallies.isEmpty()) {
            return Future.succeededFuture(null);
        }
        Future<RowSet<Row>> counted = WebhookRows.countFailures(conn, runs(tallies), threshold);
        UUID[] failing = tallies.entrySet().stream()
                .filter(e -> e.getValue().failed)
                .map(Map.Entry::getKey)
                .toArray(UUID[]::new);
        if (failing.length == 0) {
            return counted.map(v -> null);
        }
        // the disable first: a webhook it disables is no longer enabled, so it gets no warning in the same breath
        return counted.compose(v -> WebhookRows.disableExhausted(conn, failing, threshold))
                .compose(disabled -> recordDisables(conn, disabled, tallies))
                .compose(afterDisable -> warnAfter <= 0
                        ? Future.succeededFuture(afterDisable)
                        : WebhookRows.warnFailing(conn, failing, warnAfter)
                                .compose(due -> recordWarnings(conn, due, tallies))
                                .map(anyWarning -> afterDisable != null || !anyWarning ? afterDisable : wakeNotifier));
    }

    /** PostgreSQL compares uuids byte by byte; {@link UUID#compareTo} compares signed halves. */
    static int storedOrder(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static WebhookRows.Runs runs(Map<UUID, Tally> tallies) {
        return new WebhookRows.Runs(
                tallies.keySet().toArray(UUID[]::new),
                tallies.values().stream().map(t -> t.reset).toArray(Boolean[]::new),
                tallies.values().stream().map(t -> t.lead).toArray(Integer[]::new),
                tallies.values().stream().map(t -> t.inner).toArray(Integer[]::new),
                tallies.values().stream().map(t -> t.tail).toArray(Integer[]::new));
    }

    /** Queues one warning per webhook whose run just reached {@code warnAfter}; true if any was queued. */
    private Future<Boolean> recordWarnings(SqlConnection conn, RowSet<Row> due, Map<UUID, Tally> tallies) {
        Future<Void> chain = Future.succeededFuture();
        for (Row row : due) {
            UUID id = row.getUUID("id");
            FailingNotice notice = new FailingNotice(
                    row.getString("workspace_id"),
                    row.getString("workspace_name"),
                    id.toString(),
                    row.getString("url"),
                    row.getString("event_type"),
                    row.getInteger("errors_counter"),
                    threshold,
                    tallies.get(id).lastError);
            LOG.info(
                    "Webhook {} of workspace {} ({}) failed {} times in a row; warning queued",
                    notice.webhookId(),
                    notice.workspaceId(),
                    notice.loggedUrl(),
                    notice.failures());
            chain = chain.compose(v -> NotificationOutbox.add(conn, notice));
        }
        return chain.map(due.size() > 0);
    }

    private Future<Runnable> recordDisables(SqlConnection conn, RowSet<Row> disabled, Map<UUID, Tally> tallies) {
        List<DisableNotice> notices = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (Row row : disabled) {
            JsonObject after = WebhookJson.fromRow(row);
            JsonObject before = enabledBefore(after, row);
            UUID id = row.getUUID("id");
            DisableNotice notice = disableNotice(row, id, tallies.get(id).lastError);
            notices.add(notice);
            chain = chain.compose(v -> WebhookChanges.changed(
                            conn, notice.workspaceId(), "system", "webhook.auto_disabled", id, before, after))
                    .compose(v -> NotificationOutbox.add(conn, notice));
        }
        if (notices.isEmpty()) {
            return chain.map(v -> null);
        }
        // a recovery of a webhook that gets auto-disabled ends as failed
        UUID[] disabledIds =
                notices.stream().map(n -> UUID.fromString(n.webhookId())).toArray(UUID[]::new);
        chain = chain.compose(v -> RecoveryStore.failFor(conn, disabledIds).mapEmpty());
        return chain.map(v -> afterCommit(notices));
    }

    /** The audit entry's "before": the row as it was, i.e. enabled, from the columns the disable overwrote. */
    private static JsonObject enabledBefore(JsonObject after, Row row) {
        return after.copy()
                .put("enabled", true)
                .putNull("disabled_reason")
                .putNull("disabled_at")
                .put("updated_at", Times.iso(row.getOffsetDateTime("old_updated_at")));
    }

    private DisableNotice disableNotice(Row row, UUID id, String lastError) {
        return new DisableNotice(
                row.getString("workspace_id"),
                row.getString("workspace_name"),
                id.toString(),
                row.getString("url"),
                row.getString("event_type"),
                row.getInteger("errors_counter"),
                threshold,
                lastError,
                row.getOffsetDateTime("disabled_at"));
    }

    /** Run only once the disable is committed, so nobody is told (or reloads) a change that was rolled back. */
    private Runnable afterCommit(List<DisableNotice> notices) {
        return () -> {
            for (DisableNotice notice : notices) {
                LOG.warn(
                        "Webhook {} of workspace {} ({}) disabled after {} consecutive failures; last error: {}",
                        notice.webhookId(),
                        notice.workspaceId(),
                        notice.loggedUrl(),
                        notice.failures(),
                        notice.lastError());
                subscriptions.reloadWorkspace(notice.workspaceId());
            }
            wakeNotifier.run();
        };
    }
}
