package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Webhook definitions ({@code webhooks}): every statement on the table. The callers in {@code io.hookline.webhook}
 * hold the transaction a change shares with its audit entry and its {@link #announce notice}, and turn rows into
 * webhooks; this only reads and writes them.
 */
public final class WebhookRows {

    /** Every change to a workspace's webhooks is announced here, the workspace id as payload. */
    public static final String CHANNEL = "hookline_webhooks";

    /** The webhook object of the management API: never its secrets. */
    public static final String COLUMNS = "w.id, w.workspace_id, w.url, w.event_type, w.format, w.enabled, "
            + "w.errors_counter, w.disabled_reason, w.disabled_at, w.created_at, w.updated_at, w.event_types, w.filter, "
            + "w.reaction_window_ms";

    /** A webhook as delivery sees it: with its secrets. */
    private static final String REFS = "SELECT id, workspace_id, url, event_types, format, enabled, secret, "
            + "errors_counter, created_at, enabled_since, filter, reaction_window_ms, previous_secret, "
            + "previous_secret_expires_at, created_seq FROM webhooks";

    private static final String INSERT = ListOrder.TURN
            + "INSERT INTO webhooks AS w (id, workspace_id, url, event_type, format, "
            + "enabled, secret, disabled_reason, disabled_at, event_types, filter, reaction_window_ms, created_seq) "
            + "SELECT $1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 THEN NULL ELSE 'manual' END, "
            + "CASE WHEN $6 THEN NULL ELSE now() END, $8, $9, $10, nextval(pg_get_serial_sequence('events', 'seq')) "
            + "FROM turn RETURNING " + COLUMNS;

    /**
     * A change stamps {@code updated_at} with the time it is made, never earlier than the stamp it replaces: a change
     * that waited for another's row lock would otherwise stamp its transaction's start, before the other's stamp.
     */
    private static final String UPDATE = """
      UPDATE webhooks w SET url = $3, event_type = $4, format = $5, enabled = $6,
        errors_counter = CASE WHEN $7 OR ($6 AND NOT w.enabled) THEN 0 ELSE w.errors_counter END,
        enabled_since = CASE WHEN $7 OR ($6 AND NOT w.enabled) THEN now() ELSE w.enabled_since END,
        disabled_reason = CASE WHEN $6 THEN NULL WHEN w.enabled THEN 'manual' ELSE w.disabled_reason END,
        disabled_at = CASE WHEN $6 THEN NULL WHEN w.enabled THEN now() ELSE w.disabled_at END,
        updated_at = greatest(clock_timestamp(), w.updated_at), event_types = $8, filter = $9, reaction_window_ms = $10
      WHERE w.workspace_id = $1 AND w.id = $2 RETURNING """ + " " + COLUMNS;

    /** The new secret signs from now on; the one it replaces keeps signing until the overlap ends. */
    private static final String ROTATE = """
      UPDATE webhooks w SET previous_secret = w.secret, secret = $3,
        previous_secret_expires_at = now() + make_interval(secs => $4),
        updated_at = greatest(clock_timestamp(), w.updated_at)
      WHERE w.workspace_id = $1 AND w.id = $2
      RETURNING %s, w.previous_secret_expires_at""".formatted(COLUMNS);

    /** Webhooks with their stats ({@link AttemptLog#WEBHOOK_STATS}), the retention days being parameter 4. */
    private static final String PAGE = "SELECT " + COLUMNS + ", w.seq, " + AttemptLog.WEBHOOK_STATS.formatted(4)
            + " FROM webhooks w " + AttemptLog.LAST_ATTEMPT_JOIN + " WHERE w.workspace_id = $1 AND w.seq < $2 "
            + "ORDER BY w.seq DESC LIMIT $3";

    private static final String WITH_STATS = "SELECT " + COLUMNS + ", " + AttemptLog.WEBHOOK_STATS.formatted(3)
            + " FROM webhooks w " + AttemptLog.LAST_ATTEMPT_JOIN + " WHERE w.workspace_id = $1 AND w.id = $2";

    /**
     * The new count: the stored run plus the batch's failures when it held no success; else, if a run within the batch
     * (the stored one continued to the first success, or one between two successes) passed the threshold ($6), that
     * run, so the disable that follows sees it; else the failures after the last success. A disabled webhook keeps
     * the count that disabled it: outcomes of requests still on the wire then do not reset it. The rows to change are
     * locked first, in id order, as a workspace delete locks them: the update locked them in whatever order its plan
     * read them (the table's, for a hash join over ten or more), and the two deadlocked (code review). A batch of
     * successes on a webhook that counts none changes and locks nothing.
     */
    private static final String COUNT_FAILURES = """
      WITH u AS (SELECT * FROM unnest($1::uuid[], $2::bool[], $3::int[], $4::int[], $5::int[])
                   AS u(id, reset, lead, between, tail)),
      l AS MATERIALIZED (
        SELECT w.id FROM webhooks w JOIN u ON u.id = w.id
        WHERE w.enabled AND NOT (u.reset AND u.tail = 0 AND w.errors_counter = 0 AND greatest(u.lead, u.between) <= $6)
        ORDER BY w.id FOR NO KEY UPDATE OF w)
      UPDATE webhooks w SET errors_counter = CASE
                              WHEN NOT u.reset THEN w.errors_counter + u.tail
                              WHEN greatest(CASE WHEN u.lead > 0 THEN w.errors_counter + u.lead ELSE 0 END, u.between) > $6
                                THEN greatest(CASE WHEN u.lead > 0 THEN w.errors_counter + u.lead ELSE 0 END, u.between)
                              ELSE u.tail END,
                            failing_warned_at = CASE WHEN u.reset THEN NULL ELSE w.failing_warned_at END
      FROM u, l
      WHERE w.id = u.id AND w.id = l.id""";

    /** Marks the run warned; the row lock and the re-checked condition make it once per run across instances. */
    private static final String WARN_FAILING = """
      WITH due AS (
        SELECT id FROM webhooks WHERE id = ANY($1::uuid[]) AND enabled AND errors_counter >= $2
          AND (failing_warned_at IS NULL OR failing_warned_at < enabled_since)
        ORDER BY id FOR UPDATE
      )
      UPDATE webhooks w SET failing_warned_at = now()
      FROM due, workspaces ws
      WHERE w.id = due.id AND ws.id = w.workspace_id
      RETURNING w.id, w.workspace_id, w.url, w.event_type, w.errors_counter, ws.name AS workspace_name""";

    private static final String DISABLE_EXHAUSTED = """
      WITH old AS (
        SELECT id, updated_at FROM webhooks WHERE id = ANY($1::uuid[]) AND enabled AND errors_counter > $2
        ORDER BY id FOR UPDATE
      )
      UPDATE webhooks w SET enabled = false, disabled_reason = 'too_many_failures', disabled_at = now(),
                            updated_at = greatest(clock_timestamp(), w.updated_at)
      FROM old, workspaces ws
      WHERE w.id = old.id AND ws.id = w.workspace_id
      RETURNING %s, old.updated_at AS old_updated_at, ws.name AS workspace_name""".formatted(COLUMNS);

    /** Rows are locked in id order, as {@link #countFailures} locks them, so the two cannot deadlock. */
    private static final String DELETE_ALL = "DELETE FROM webhooks w USING (SELECT id FROM webhooks WHERE "
            + "workspace_id = $1 ORDER BY id FOR UPDATE) l WHERE w.id = l.id RETURNING " + COLUMNS;

    private WebhookRows() {}

    /** What a create or an update writes. {@code resetErrors}: always start the failure count afresh. */
    public record Fields(
            String url,
            String eventType,
            String format,
            boolean enabled,
            boolean resetErrors,
            String[] eventTypes,
            String filter,
            int reactionWindowMs) {}

    /** How many webhooks the workspace has. */
    public static Future<Long> count(SqlConnection conn, String workspaceId) {
        return conn.preparedQuery("SELECT count(*) FROM webhooks WHERE workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Inserts a webhook, disabled by hand ({@code manual}) unless enabled; the row has {@link #COLUMNS}. */
    public static Future<Row> insert(SqlConnection conn, UUID id, String workspaceId, String secret, Fields f) {
        return conn.preparedQuery(INSERT)
                .execute(Tuple.of(id, workspaceId, f.url(), f.eventType(), f.format(), f.enabled())
                        .addString(secret)
                        .addArrayOfString(f.eventTypes())
                        .addString(f.filter())
                        .addInteger(f.reactionWindowMs()))
                .map(rows -> rows.iterator().next());
    }

    /** The workspace's webhooks with stats and {@code seq}, newest first: one keyset page. */
    public static Future<RowSet<Row>> page(SqlClient client, String workspaceId, Keyset page, int retentionDays) {
        return client.preparedQuery(PAGE).execute(Tuple.of(workspaceId, page.before(), page.fetch(), retentionDays));
    }

    /** The webhook ({@link #COLUMNS}) with its stats; no row if there is none. */
    public static Future<RowSet<Row>> withStats(SqlClient client, String workspaceId, UUID id, int retentionDays) {
        return client.preparedQuery(WITH_STATS).execute(Tuple.of(workspaceId, id, retentionDays));
    }

    public static Future<Boolean> exists(SqlClient client, String workspaceId, UUID id) {
        return client.preparedQuery("SELECT 1 FROM webhooks WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.size() > 0);
    }

    /** Every webhook as delivery sees it, oldest first. */
    public static Future<RowSet<Row>> refs(SqlClient client) {
        return client.query(REFS + " ORDER BY created_at").execute();
    }

    /** The workspace's webhooks as delivery sees them, oldest first. */
    public static Future<RowSet<Row>> refsOf(SqlClient client, String workspaceId) {
        return client.preparedQuery(REFS + " WHERE workspace_id = $1 ORDER BY created_at")
                .execute(Tuple.of(workspaceId));
    }

    /** One webhook as delivery sees it; no row if there is none. */
    public static Future<RowSet<Row>> ref(SqlClient client, String workspaceId, UUID id) {
        return client.preparedQuery(REFS + " WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id));
    }

    /** The webhook's {@code secret}; no row if there is none. */
    public static Future<RowSet<Row>> secret(SqlClient client, String workspaceId, UUID id) {
        return client.preparedQuery("SELECT secret FROM webhooks WHERE workspace_id = $1 AND id = $2")
                .execute(Tuple.of(workspaceId, id));
    }

    /** Locks the webhook until the transaction ends and returns it ({@link #COLUMNS}); no row if there is none. */
    public static Future<RowSet<Row>> lock(SqlConnection conn, String workspaceId, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + " FROM webhooks w WHERE w.workspace_id = $1 AND w.id = $2 "
                        + "FOR UPDATE")
                .execute(Tuple.of(workspaceId, id));
    }

    /**
     * Applies a change. Enabling (or {@code resetErrors}) resets {@code errors_counter}; disabling by hand records
     * {@code disabled_reason: "manual"}. The row has {@link #COLUMNS}.
     */
    public static Future<RowSet<Row>> update(SqlConnection conn, String workspaceId, UUID id, Fields f) {
        return conn.preparedQuery(UPDATE)
                .execute(Tuple.of(workspaceId, id, f.url(), f.eventType(), f.format(), f.enabled(), f.resetErrors())
                        .addArrayOfString(f.eventTypes())
                        .addString(f.filter())
                        .addInteger(f.reactionWindowMs()));
    }

    /** Deletes the webhook, returning it ({@link #COLUMNS}); no row if there was none. */
    public static Future<RowSet<Row>> delete(SqlConnection conn, String workspaceId, UUID id) {
        return conn.preparedQuery("DELETE FROM webhooks w WHERE w.workspace_id = $1 AND w.id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(workspaceId, id));
    }

    /** Deletes every webhook of the workspace, returning them ({@link #COLUMNS}). */
    public static Future<RowSet<Row>> deleteAll(SqlConnection conn, String workspaceId) {
        return conn.preparedQuery(DELETE_ALL).execute(Tuple.of(workspaceId));
    }

    /** Locks the webhook for a secret rotation: {@link #COLUMNS} and when the previous secret stops signing. */
    public static Future<RowSet<Row>> lockForRotation(SqlConnection conn, String workspaceId, UUID id) {
        return conn.preparedQuery("SELECT " + COLUMNS + ", w.previous_secret_expires_at FROM webhooks w "
                        + "WHERE w.workspace_id = $1 AND w.id = $2 FOR UPDATE")
                .execute(Tuple.of(workspaceId, id));
    }

    /** Rotates to {@code secret}, the current one signing on for {@code overlapSeconds}; returns the row. */
    public static Future<Row> rotate(
            SqlConnection conn, String workspaceId, UUID id, String secret, int overlapSeconds) {
        return conn.preparedQuery(ROTATE)
                .execute(Tuple.of(workspaceId, id, secret, overlapSeconds))
                .map(rows -> rows.iterator().next());
    }

    /** The distinct (workspace_id, event_type) pairs of the enabled webhooks of these workspaces. */
    public static Future<RowSet<Row>> enabledTypes(SqlClient client, String[] workspaceIds) {
        return client.preparedQuery("SELECT DISTINCT workspace_id, unnest(event_types) AS event_type FROM webhooks "
                        + "WHERE enabled AND workspace_id = ANY($1)")
                .execute(Tuple.of((Object) workspaceIds));
    }

    /** {@code enabled} and {@code errors_counter}; no row once the webhook is gone. */
    public static Future<RowSet<Row>> failureState(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT enabled, errors_counter FROM webhooks WHERE id = $1")
                .execute(Tuple.of(id));
    }

    /**
     * What a batch of attempts did to each webhook's runs of failures, in outcome order: whether it held a success
     * ({@code resets}), the failures before the first success ({@code leads}), the longest run between two successes
     * ({@code inners}) and the failures after the last success (or all of them: {@code tails}).
     */
    public record Runs(UUID[] ids, Boolean[] resets, Integer[] leads, Integer[] inners, Integer[] tails) {}

    /**
     * Applies {@code runs} to each webhook's count (see {@link #COUNT_FAILURES}). Rows are locked in id order, so
     * writers and workspace deletes cannot deadlock.
     */
    public static Future<RowSet<Row>> countFailures(SqlConnection conn, Runs runs, int threshold) {
        return conn.preparedQuery(COUNT_FAILURES)
                .execute(Tuple.of(runs.ids(), runs.resets(), runs.leads(), runs.inners(), runs.tails(), threshold));
    }

    /**
     * Of these failing webhooks, those whose run just reached {@code warnAfter} failures and was not warned about yet:
     * marked warned and returned, exactly once per run whatever instances race.
     */
    public static Future<RowSet<Row>> warnFailing(SqlConnection conn, UUID[] ids, int warnAfter) {
        return conn.preparedQuery(WARN_FAILING).execute(Tuple.of(ids, warnAfter));
    }

    /**
     * Disables those of the webhooks whose count exceeds {@code threshold} and are still enabled — exactly once,
     * whatever instances race — returning them with their state before.
     */
    public static Future<RowSet<Row>> disableExhausted(SqlConnection conn, UUID[] ids, int threshold) {
        return conn.preparedQuery(DISABLE_EXHAUSTED).execute(Tuple.of(ids, threshold));
    }

    /** Tells every instance to reload the workspace's webhooks, when the caller commits. */
    public static Future<Void> announce(SqlConnection conn, String workspaceId) {
        return conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANNEL, workspaceId))
                .mapEmpty();
    }
}
