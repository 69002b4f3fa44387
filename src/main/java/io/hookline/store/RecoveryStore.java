package io.hookline.store;

import io.hookline.event.WebhookEventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Recovery jobs ({@code recoveries}) and the events they re-send. An event is due for a webhook's recovery when it
 * was received in the window, not before the webhook existed, is of a type the webhook subscribes to, and has no
 * successful (non-test) attempt to the webhook. A job goes through them in journal order, one at a time, and resumes
 * after the later of its cursor and the highest event it attempted ({@code attempted_seq}, raised with the attempt),
 * so after a crash it never sends an event again that it already sent and stored, and another job's attempt never
 * passes for its own.
 */
public final class RecoveryStore {

    public static final String COLUMNS =
            "r.id, r.webhook_id, r.status, r.since, r.until, r.total, r.sent, r.succeeded, "
                    + "r.failed, r.created_at, r.finished_at";

    /**
     * The due events, as {@code e}; $1 workspace, $2 webhook, $3 base types, $4 since, $5 until, $6 webhook
     * created, $7 through seq, $8 after seq, $9 the webhook's {@code created_seq} (0 for a webhook from before
     * V17). Whether an event came after the webhook is told by sequence numbers, as everywhere else: comparing
     * the event's arrival (Hookline's clock) with the webhook's creation (PostgreSQL's) missed every event of an
     * instance whose clock ran behind. Only webhooks from before V17 fall back to the times. Written so that
     * both bounds stay visible to a generic plan (a CASE hid them from the indexes: review, 3-9 times the
     * buffers). A reaction folded into another's POST is delivered by that POST's successful attempt, and one
     * whose fold is still open will be delivered when its window closes: neither is due.
     */
    private static final String DUE = """
      FROM events e
      WHERE e.workspace_id = $1 AND e.fires = ANY($3::text[]) AND e.received_at >= $4 AND e.received_at < $5
        AND e.seq > $9 AND ($9::bigint > 0 OR e.received_at >= $6)
        AND e.seq <= $7 AND e.seq > $8 %s
        AND %s""";

    /**
     * Event e has no successful attempt to webhook $2, and is in no fold whose window is still open or that was
     * delivered. A fold is delivered by its own POST, the live delivery of its last reaction; a resend or recovery of
     * that reaction carries its payload alone, not the others' (review: after a failed fold, resending its last
     * reaction made a recovery skip the rest). A fold whose window has closed but that has no outcome yet is being sent:
     * its reactions are due, and {@link #STILL_DUE} waits for the POST like any live delivery on its way (review: a
     * recovery started while a fold was on the wire counted its reactions as delivered, and the fold then failed).
     */
    private static final String NOT_DELIVERED = """
      NOT EXISTS (SELECT 1 FROM attempts a WHERE a.event_seq = e.seq AND a.webhook_id = $2 AND NOT a.test
                  AND a.success)
      AND NOT EXISTS (SELECT 1 FROM reaction_folds f WHERE f.event_seq = e.seq AND f.webhook_id = $2
                      AND ((f.outcome IS NULL AND f.claimed_by IS NULL AND f.due_at > now())
                           OR EXISTS (SELECT 1 FROM attempts a WHERE a.event_seq = f.last_seq AND a.webhook_id = $2
                                      AND a.trigger = 'delivery' AND a.success)))""";

    /**
     * Right before job $4 of instance $3 sends event $1 to webhook $2: whether it is still due; whether a live delivery
     * of it may still be on its way (no attempt to the webhook yet, and its instance has not declared it finished or
     * it is parked for the re-drive; or a fold of it to the webhook has no outcome yet); and whether the job is still
     * this instance's and running (not cancelled).
     */
    private static final String STILL_DUE = "SELECT " + NOT_DELIVERED + """
       AS due,
        (NOT EXISTS (SELECT 1 FROM attempts a WHERE a.event_seq = e.seq AND a.webhook_id = $2 AND NOT a.test)
          AND (EXISTS (SELECT 1 FROM instances i WHERE i.num = e.owner AND i.done_through < e.seq)
               OR EXISTS (SELECT 1 FROM pending_events p WHERE p.seq = e.seq)))
        OR EXISTS (SELECT 1 FROM reaction_folds f WHERE f.event_seq = e.seq AND f.webhook_id = $2
                   AND f.outcome IS NULL) AS under_way,
        EXISTS (SELECT 1 FROM recoveries r WHERE r.id = $4 AND r.claimed_by = $3 AND r.status = 'running') AS mine
      FROM events e WHERE e.seq = $1""";

    /** Message types by direction: read from the stored producer JSON (a leading byte order mark is allowed). */
    private static final String DIRECTION =
            "ltrim(convert_from(e.body, 'UTF8'), U&'\\FEFF')::jsonb " + "#>> '{message,direction}' = '%s'";

    /**
     * The webhook's row is locked, and the due events counted, before the list order's lock ({@link ListOrder#after}),
     * which is then held only for the insert. Nothing is inserted for a webhook deleted since it was looked up.
     */
    private static final String CREATE =
            ListOrder.after("SELECT (SELECT coalesce(max(seq), 0) FROM events) AS through, "
                            + "(SELECT count(*) %s) AS due FROM webhooks WHERE id = $2 FOR KEY SHARE")
                    + """
      INSERT INTO recoveries AS r (id, workspace_id, webhook_id, since, until, through_seq, total)
      SELECT $10, $1, $2, $4, $5, first.through, first.due FROM turn, first
      RETURNING %s""";

    private static final String CLAIM = """
      UPDATE recoveries SET claimed_by = $1, claimed_until = now() + make_interval(secs => $2 / 1000.0)
      WHERE id IN (SELECT id FROM recoveries WHERE status = 'running'
                     AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until < now())
                   ORDER BY seq FOR UPDATE SKIP LOCKED)
      RETURNING id, workspace_id, webhook_id, since, until, through_seq, cursor_seq, attempted_seq, created_at""";

    /**
     * For retention: finished jobs (done, failed, cancelled) that ended before the cutoff ($1), oldest first, up to
     * $2. A running job is kept however old it is; its progress is what lets it go on after a crash.
     */
    static final String PURGE = """
      DELETE FROM recoveries WHERE id IN (
        SELECT id FROM recoveries WHERE status <> 'running' AND finished_at < $1 ORDER BY finished_at LIMIT $2)""";

    private RecoveryStore() {}

    /** When the webhook was created: its {@code created_at}, and its {@code created_seq} (0 before V17). */
    public record Created(OffsetDateTime at, long seq) {}

    /**
     * The webhook's types as SQL over the journal: a base type matches as stored, a direction-specific message type
     * also needs that direction. The type names are the enum's own constants, never user input. Events its filter
     * rejects are still counted here (the filter is evaluated in Java); the job takes each off as it passes it.
     */
    private static String due(List<WebhookEventType> types) {
        StringJoiner any = new StringJoiner(" OR ", "AND (", ")");
        for (WebhookEventType type : types) {
            String base = "e.fires = '" + base(type) + "'";
            any.add(
                    switch (type) {
                        case MESSAGE_SENT_NEW -> "(" + base + " AND " + DIRECTION.formatted("sent") + ")";
                        case MESSAGE_RECEIVED_NEW -> "(" + base + " AND " + DIRECTION.formatted("received") + ")";
                        default -> base;
                    });
        }
        return DUE.formatted(any.toString(), NOT_DELIVERED);
    }

    private static String base(WebhookEventType type) {
        return type.isMessageType() ? WebhookEventType.MESSAGE_NEW.wire() : type.wire();
    }

    private static String[] bases(List<WebhookEventType> types) {
        return types.stream().map(RecoveryStore::base).distinct().toArray(String[]::new);
    }

    /** Starts a job, counting its events; fails with a 23505 unique violation when one is already running. */
    public static Future<RowSet<Row>> create(
            SqlClient client,
            UUID id,
            String workspaceId,
            UUID webhookId,
            List<WebhookEventType> types,
            OffsetDateTime since,
            OffsetDateTime until,
            Created webhookCreated) {
        return client.preparedQuery(CREATE.formatted(due(types), COLUMNS))
                .execute(Tuple.of(workspaceId, webhookId, bases(types), since, until, webhookCreated.at())
                        .addValue(Long.MAX_VALUE)
                        .addValue(0L)
                        .addValue(webhookCreated.seq())
                        .addValue(id));
    }

    /** The next due events of a claimed job, oldest first, with the journal columns {@link StoredEvent#from} reads. */
    public static Future<RowSet<Row>> next(
            SqlClient client, Row job, List<WebhookEventType> types, Created webhookCreated, long afterSeq, int limit) {
        return client.preparedQuery("SELECT " + Journal.COLUMNS + " " + due(types) + " ORDER BY e.seq LIMIT " + limit)
                .execute(Tuple.of(
                                job.getString("workspace_id"),
                                job.getUUID("webhook_id"),
                                bases(types),
                                job.getOffsetDateTime("since"),
                                job.getOffsetDateTime("until"),
                                webhookCreated.at())
                        .addValue(job.getLong("through_seq"))
                        .addValue(afterSeq)
                        .addValue(webhookCreated.seq()));
    }

    /** What {@link #stillDue} found: an event gone from the journal is not due. */
    public record Due(boolean due, boolean underWay, boolean mine) {}

    /**
     * Whether event {@code seq} is still due to the webhook right before a job sends it: a live delivery, a resend or
     * another job may have delivered it since the job read its batch, and a live delivery may still be on its way.
     */
    public static Future<Due> stillDue(SqlClient client, UUID jobId, UUID instanceId, UUID webhookId, long seq) {
        return client.preparedQuery(STILL_DUE)
                .execute(Tuple.of(seq, webhookId, instanceId, jobId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Due(false, false, true);
                    }
                    Row row = rows.iterator().next();
                    return new Due(row.getBoolean("due"), row.getBoolean("under_way"), row.getBoolean("mine"));
                });
    }

    /** Running jobs nobody (alive) holds, claimed by {@code instanceId} for {@code leaseMs}. */
    public static Future<RowSet<Row>> claim(SqlClient client, UUID instanceId, long leaseMs) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(instanceId, leaseMs));
    }

    /**
     * Moves the job past {@code seq} and renews the claim; false when it is no longer running here. {@code notDue}: the
     * webhook does not take that event (its filter rejects it, or its types changed), which {@code total} counted
     * (the count cannot run the filter), so it is taken off {@code total}.
     */
    public static Future<Boolean> advance(
            SqlClient client, UUID id, UUID instanceId, long seq, long leaseMs, boolean notDue) {
        return client.preparedQuery("UPDATE recoveries SET cursor_seq = greatest(cursor_seq, $3), "
                        + "claimed_until = now() + make_interval(secs => $4 / 1000.0), "
                        + "total = CASE WHEN $5 AND cursor_seq < $3 THEN total - 1 ELSE total END "
                        + "WHERE id = $1 AND claimed_by = $2 AND status = 'running' RETURNING id")
                .execute(Tuple.of(id, instanceId, seq, leaseMs, notDue))
                .map(rows -> rows.size() > 0);
    }

    /** Ends a running job with {@code status} (done, failed, cancelled); returns it, or nothing if it was not running. */
    public static Future<RowSet<Row>> finish(SqlClient client, UUID id, String status) {
        return client.preparedQuery("UPDATE recoveries r SET status = $2, finished_at = now(), claimed_by = NULL, "
                        + "claimed_until = NULL WHERE r.id = $1 AND r.status = 'running' RETURNING " + COLUMNS)
                .execute(Tuple.of(id, status));
    }

    /** Keeps this instance's claims on jobs it is working on. */
    public static Future<RowSet<Row>> renew(SqlClient client, UUID instanceId, UUID[] ids, long leaseMs) {
        return client.preparedQuery("UPDATE recoveries SET claimed_until = now() + make_interval(secs => $3 / 1000.0) "
                        + "WHERE id = ANY($2) AND claimed_by = $1 AND status = 'running'")
                .execute(Tuple.of(instanceId, ids, leaseMs));
    }

    /** Lets go of this instance's jobs (shutdown), so the next start picks them up at once. */
    public static Future<RowSet<Row>> release(SqlClient client, UUID instanceId) {
        return client.preparedQuery("UPDATE recoveries SET claimed_by = NULL, claimed_until = NULL "
                        + "WHERE claimed_by = $1 AND status = 'running'")
                .execute(Tuple.of(instanceId));
    }

    /** The running jobs of webhooks just auto-disabled end as failed, in the disabling transaction. */
    public static Future<RowSet<Row>> failFor(SqlClient client, UUID[] webhookIds) {
        return client.preparedQuery("UPDATE recoveries SET status = 'failed', finished_at = now(), claimed_by = NULL, "
                        + "claimed_until = NULL WHERE webhook_id = ANY($1) AND status = 'running'")
                .execute(Tuple.of((Object) webhookIds));
    }

    /**
     * Counts stored recover attempts into the jobs that made them, in their transaction: also a cancelled (or failed)
     * job, whose last request may come back after it ended, but not a done one, whose counts are final (a stalled
     * instance's late attempt after another took the job over and finished it). Raises each job's {@code attempted_seq}
     * to the highest event of {@code highestSeqs} while {@code instanceId} holds the job: a stalled instance's late
     * attempt, after another instance took the job over, must not move the new holder past events it has not reached.
     */
    public static Future<RowSet<Row>> count(
            SqlClient client, UUID instanceId, UUID[] jobIds, Integer[] sent, Integer[] succeeded, Long[] highestSeqs) {
        return client.preparedQuery("""
        UPDATE recoveries r SET sent = r.sent + u.sent, succeeded = r.succeeded + u.ok, failed = r.failed + u.sent - u.ok,
          attempted_seq = CASE WHEN r.claimed_by = $5 THEN greatest(r.attempted_seq, u.seq) ELSE r.attempted_seq END
        FROM unnest($1::uuid[], $2::int[], $3::int[], $4::bigint[]) AS u(id, sent, ok, seq)
        WHERE r.id = u.id AND r.status <> 'done'""")
                .execute(Tuple.wrap(new Object[] {jobIds, sent, succeeded, highestSeqs, instanceId}));
    }

    public static Future<RowSet<Row>> one(SqlClient client, UUID webhookId, UUID id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM recoveries r WHERE r.webhook_id = $1 AND r.id = $2")
                .execute(Tuple.of(webhookId, id));
    }

    /** A webhook's jobs, newest first, one keyset page by {@code seq}. */
    public static Future<RowSet<Row>> page(SqlClient client, UUID webhookId, Keyset page) {
        return client.preparedQuery("SELECT " + COLUMNS + ", r.seq FROM recoveries r WHERE r.webhook_id = $1 "
                        + "AND r.seq < $2 ORDER BY r.seq DESC LIMIT $3")
                .execute(Tuple.of(webhookId, page.before(), page.fetch()));
    }
}
