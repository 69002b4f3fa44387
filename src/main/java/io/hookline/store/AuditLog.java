package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Who changed which webhook how ({@code audit_log}), written in the transaction of the change. Kept when a workspace
 * is deleted and not purged by retention: it is the record of what happened.
 */
public final class AuditLog {

    private static final String INSERT = ListOrder.TURN + """
      INSERT INTO audit_log (workspace_id, actor, action, webhook_id, before, after, seq)
      SELECT $1, $2, $3, $4, $5, $6, coalesce(
        CASE WHEN $3 = 'webhook.created' THEN (SELECT w.created_seq FROM webhooks w WHERE w.id = $4) END,
        nextval(pg_get_serial_sequence('events', 'seq')))
      FROM turn""";

    /** Several entries of one action at once (a workspace's webhooks deleted with it); {@code before} per webhook. */
    private static final String INSERT_MANY = ListOrder.TURN + """
      INSERT INTO audit_log (workspace_id, actor, action, webhook_id, before, seq)
      SELECT $1, $2, $3, u.webhook_id, u.before, nextval(pg_get_serial_sequence('events', 'seq'))
      FROM turn, unnest($4::uuid[], $5::text[]) AS u(webhook_id, before)""";

    private static final String PAGE_IDS = """
      SELECT id FROM audit_log WHERE workspace_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3""";

    private static final String ENTRIES = """
      SELECT id, at, actor, action, webhook_id, before, after FROM audit_log
      WHERE workspace_id = $1 AND id = ANY($2) ORDER BY id DESC""";

    private AuditLog() {}

    /** {@code before} and {@code after} are the webhook objects as JSON text (null for none). */
    public static Future<Void> record(
            SqlClient client,
            String workspaceId,
            String actor,
            String action,
            UUID webhookId,
            String before,
            String after) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(workspaceId, actor, action, webhookId, before, after))
                .mapEmpty();
    }

    public static Future<Void> recordAll(
            SqlClient client, String workspaceId, String actor, String action, UUID[] webhookIds, String[] befores) {
        return client.preparedQuery(INSERT_MANY)
                .execute(Tuple.of(workspaceId, actor, action, webhookIds, befores))
                .mapEmpty();
    }

    /** The workspace's entries, newest first. */
    /** The ids of a page of entries, newest first (one more than the page, to tell whether another follows). */
    public static Future<RowSet<Row>> pageIds(SqlClient client, String workspaceId, Keyset page) {
        return client.preparedQuery(PAGE_IDS).execute(Tuple.of(workspaceId, page.before(), page.fetch()));
    }

    /** The entries of some of those ids, newest first: read a few at a time, as each may hold two large webhooks. */
    public static Future<RowSet<Row>> entries(SqlClient client, String workspaceId, List<Long> ids) {
        return client.preparedQuery(ENTRIES)
                .execute(Tuple.tuple().addValue(workspaceId).addArrayOfLong(ids.toArray(Long[]::new)));
    }

    /**
     * Per webhook of the workspace changed after event {@code eventSeq} came: the webhook as it was before its first
     * such change ({@code before}, so as it was when the event came), whether it has been deleted since, and the
     * sequence number drawn when it was created ({@code created_seq}, null if unknown). "After" is told by the entries'
     * sequence numbers (V18), which need no clock; entries from before V18 compare their time with the event's
     * {@code receivedAt}.
     */
    public static Future<RowSet<Row>> changedSince(
            SqlClient client, String workspaceId, long eventSeq, java.time.OffsetDateTime receivedAt) {
        // created_seq is read once per webhook, after DISTINCT ON: in the select list of the inner query it ran once
        // per change row, each a scan of the workspace's audit log (review: 195 s for 15,000 changes)
        return client.preparedQuery("""
            SELECT x.webhook_id, x.before, x.deleted,
              (SELECT c.seq FROM audit_log c WHERE c.workspace_id = $1 AND c.webhook_id = x.webhook_id
                 AND c.action = 'webhook.created' LIMIT 1) AS created_seq
            FROM (
              SELECT DISTINCT ON (a.webhook_id) a.webhook_id, a.before,
                EXISTS (SELECT 1 FROM audit_log d WHERE d.workspace_id = $1 AND d.webhook_id = a.webhook_id
                          AND d.action = 'webhook.deleted') AS deleted
              FROM audit_log a
              WHERE a.workspace_id = $1 AND CASE WHEN a.seq IS NULL THEN a.at >= $2 ELSE a.seq > $3 END
                AND a.webhook_id IS NOT NULL AND a.before IS NOT NULL
              ORDER BY a.webhook_id, a.id) x""").execute(Tuple.of(workspaceId, receivedAt, eventSeq));
    }
}
