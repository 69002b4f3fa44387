package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Events whose work is not finished and may outlive the memory of the instance working on them
 * ({@code pending_events}): those that stayed unfinished for a while (slow receivers, full queues), and the ones
 * taken over from an instance that died or stopped. Events that finish quickly never get a row: the instance's
 * watermark covers them (see {@link InstanceLease}).
 */
public final class PendingWork {

    /** {@code $3}: per event, the webhooks it is owed to as an array literal ({@code {id,id}}), or null. */
    private static final String PARK = """
      INSERT INTO pending_events (seq, instance_id, owed)
      SELECT t.seq, $2, t.owed::uuid[] FROM unnest($1::bigint[], $3::text[]) AS t (seq, owed)
      ON CONFLICT (seq) DO NOTHING""";

    /** Each ($1[i], $2[i]): event $1[i] is no longer owed to webhook $2[i]. Rows that know no owed stay as they are. */
    private static final String DISOWN = """
      UPDATE pending_events p SET owed = ARRAY(SELECT o FROM unnest(p.owed) AS o WHERE o <> ALL (d.gone))
      FROM (SELECT seq, array_agg(webhook) AS gone FROM unnest($1::bigint[], $2::uuid[]) AS t (seq, webhook)
            GROUP BY seq) d
      WHERE p.seq = d.seq AND p.owed IS NOT NULL""";

    private static final String COMPLETE = "DELETE FROM pending_events WHERE seq = ANY($1::bigint[])";

    private static final String DUE = """
      SELECT seq FROM pending_events WHERE instance_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

    private static final String TAKE_OVER_ROWS = "UPDATE pending_events SET instance_id = $2 WHERE instance_id = $1";

    /** The dead instance's events above its watermark, which may be unfinished, become this instance's rows. */
    private static final String TAKE_OVER_RANGE = """
      INSERT INTO pending_events (seq, instance_id)
      SELECT e.seq, $3 FROM events e WHERE e.seq > $2 AND e.owner = $1 AND e.skip_reason IS NULL
        AND NOT EXISTS (SELECT 1 FROM event_skips s WHERE s.seq = e.seq)
      ON CONFLICT (seq) DO UPDATE SET instance_id = excluded.instance_id""";

    private PendingWork() {}

    /** {@code owed[i]}: the webhooks event {@code seqs[i]} was routed to when committed, or null if not known. */
    public static Future<RowSet<Row>> park(SqlClient client, Long[] seqs, UUID[][] owed, UUID instance) {
        String[] literals = new String[owed.length];
        for (int i = 0; i < owed.length; i++) {
            literals[i] = owed[i] == null ? null : arrayLiteral(owed[i]);
        }
        return client.preparedQuery(PARK).execute(Tuple.of(seqs, instance, literals));
    }

    private static String arrayLiteral(UUID[] ids) {
        StringBuilder text = new StringBuilder(2 + ids.length * 37).append('{');
        for (int i = 0; i < ids.length; i++) {
            text.append(i == 0 ? "" : ",").append(ids[i]);
        }
        return text.append('}').toString();
    }

    public static Future<RowSet<Row>> disown(SqlClient client, Long[] seqs, UUID[] webhooks) {
        return client.preparedQuery(DISOWN).execute(Tuple.of(seqs, (Object) webhooks));
    }

    public static Future<RowSet<Row>> complete(SqlClient client, Long[] seqs) {
        return client.preparedQuery(COMPLETE).execute(Tuple.of((Object) seqs));
    }

    /** This instance's pending events after {@code afterSeq}, oldest first. */
    public static Future<RowSet<Row>> due(SqlClient client, UUID instance, long afterSeq, int limit) {
        return client.preparedQuery(DUE).execute(Tuple.of(instance, afterSeq, limit));
    }

    /** Moves the dead instance's work, parked and unparked, to {@code heir}; returns the rows taken. */
    public static Future<Integer> takeOver(SqlClient conn, UUID dead, int deadNum, long doneThrough, UUID heir) {
        return conn.preparedQuery(TAKE_OVER_ROWS)
                .execute(Tuple.of(dead, heir))
                .compose(moved -> conn.preparedQuery(TAKE_OVER_RANGE)
                        .execute(Tuple.of(deadNum, doneThrough, heir))
                        .map(range -> moved.rowCount() + range.rowCount()));
    }

    /**
     * Drops the pending work of a workspace being deleted: its events are not sent anywhere any more. An instance that
     * still holds one in memory finds its webhooks gone and lets it go.
     */
    public static Future<Void> forgetWorkspace(SqlClient client, String workspaceId) {
        return client.preparedQuery(
                        "DELETE FROM pending_events p USING events e WHERE e.seq = p.seq AND e.workspace_id = $1")
                .execute(Tuple.of(workspaceId))
                .mapEmpty();
    }

    public static Future<Long> countOf(SqlClient client, UUID instance) {
        return client.preparedQuery("SELECT count(*) FROM pending_events WHERE instance_id = $1")
                .execute(Tuple.of(instance))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
