package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Reactions held for webhooks that fold them ({@code reaction_folds}; see docs/api.md, "Subscriptions"). A fold is the rows of one
 * (webhook, message, due_at): the window its first reaction opened. Writes are serialised per (webhook, message) by a
 * transaction-scoped advisory lock, so reactions committed on different event loops or instances join one window.
 */
public final class ReactionFolds {

    /** The one claimer's transaction-scoped advisory lock (see {@link #CLAIM}). */
    private static final long CLAIMER_KEY = 7310031;

    /**
     * The claimer's lock, for writers that change folds of any message: the claimer locks due rows in due order, these
     * in index order, and the two orders crossed into a deadlock (code review). Held, the claimer skips its pass.
     */
    private static final String CLAIMER_LOCK = "SELECT pg_advisory_xact_lock(" + CLAIMER_KEY + ")";

    /** The advisory lock key of a (webhook, message), for its writers and the claimer alike. */
    private static String messageKey(String webhookId, String messageUid) {
        return "hashtextextended(" + webhookId + "::text || " + messageUid + ", 7310)";
    }

    /** Locks every (webhook, message) of a batch, in one order, so two writers cannot deadlock. */
    private static final String LOCK = """
      SELECT count(pg_advisory_xact_lock(k)) FROM (
        SELECT DISTINCT %s AS k FROM unnest($1::uuid[], $2::text[]) AS t(w, u)
        ORDER BY k) l""".formatted(messageKey("t.w", "t.u"));

    /**
     * Joins the open window of its (webhook, message), or opens one that closes {@code window_ms} from now. Rows of one
     * statement share one "now", so reactions to one message in one batch open the same window. That "now" is the
     * clock when the statement runs, after {@link #LOCK}, not the transaction's start: a transaction that began before
     * a window closed and got here after the claimer took the fold joined it too late, and went out as a second POST
     * (a code review); the claimer skips a fold whose lock a writer holds.
     */
    private static final String ADD = """
      WITH c AS MATERIALIZED (SELECT clock_timestamp() AS now)
      INSERT INTO reaction_folds (webhook_id, message_uid, event_seq, workspace_id, due_at)
      SELECT t.w, t.u, t.seq, t.ws,
             coalesce((SELECT max(f.due_at) FROM reaction_folds f
                       WHERE f.webhook_id = t.w AND f.message_uid = t.u AND f.outcome IS NULL AND f.claimed_by IS NULL
                         AND f.due_at > c.now),
                      c.now + make_interval(secs => t.window_ms / 1000.0))
      FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[]) AS t(w, u, seq, ws, window_ms), c
      ON CONFLICT (webhook_id, event_seq) DO NOTHING""";

    /**
     * Claims due folds for a while: each claimed row learns its fold's last reaction and size. A fold that was claimed
     * by an instance that died comes back once the claim runs out. One claimer at a time (a transaction-scoped advisory
     * lock; the others try again on their next pass): two claimers locking rows side by side would each get part of
     * one fold and send it as two. The limit picks folds, not rows: the first {@code $3} due rows name the folds, and
     * every row of those folds is claimed (a limit on rows cut the fold that straddled it in two, sent as two POSTs:
     * an outside review). A fold whose (webhook, message) lock a writer holds is left to the next pass, so a reaction
     * being added now is in it. One row per fold, oldest window first, the order they are sent in.
     */
    private static final String CLAIM = """
      WITH turn AS (SELECT pg_try_advisory_xact_lock(%d) AS mine), k AS MATERIALIZED (
        SELECT DISTINCT d.webhook_id, d.message_uid, d.due_at FROM (
          SELECT f.webhook_id, f.message_uid, f.due_at FROM reaction_folds f, turn
          WHERE turn.mine AND f.outcome IS NULL AND f.due_at <= now()
            AND (f.claimed_until IS NULL OR f.claimed_until < now())
          ORDER BY f.due_at, f.webhook_id, f.message_uid LIMIT $3) d
      ), free AS MATERIALIZED (
        SELECT k.* FROM k WHERE pg_try_advisory_xact_lock(%s)
      ), r AS (
        SELECT f.webhook_id, f.event_seq, f.message_uid, f.due_at FROM reaction_folds f
        JOIN free k ON f.webhook_id = k.webhook_id AND f.message_uid = k.message_uid AND f.due_at = k.due_at
        WHERE f.outcome IS NULL AND (f.claimed_until IS NULL OR f.claimed_until < now())
        FOR UPDATE OF f
      ), g AS (
        SELECT webhook_id, message_uid, due_at, max(event_seq) AS last_seq, count(*) AS n FROM r GROUP BY 1, 2, 3
      ), u AS (
        UPDATE reaction_folds f SET claimed_by = $1, claimed_until = now() + make_interval(secs => $2),
                                    last_seq = g.last_seq, folded = g.n
        FROM r JOIN g USING (webhook_id, message_uid, due_at)
        WHERE f.webhook_id = r.webhook_id AND f.event_seq = r.event_seq
        RETURNING f.webhook_id, f.last_seq, f.folded, g.due_at
      )
      SELECT DISTINCT webhook_id, last_seq, folded, due_at FROM u ORDER BY due_at, last_seq""".formatted(CLAIMER_KEY, messageKey("k.webhook_id", "k.message_uid"));

    /**
     * The last reaction of each claimed fold, and whether the fold's POST was already made (claimed again): an attempt
     * of the live delivery, not a resend of the last reaction made while the window was open.
     */
    private static final String LOAD = "SELECT " + Journal.COLUMNS + """
      , k.seq AS fold_seq, k.webhook_id, k.folded,
        EXISTS (SELECT 1 FROM attempts a WHERE a.event_seq = k.seq AND a.webhook_id = k.webhook_id
                AND a.trigger = 'delivery') AS sent
      FROM unnest($1::bigint[], $2::uuid[], $3::int[]) AS k(seq, webhook_id, folded)
      LEFT JOIN events e ON e.seq = k.seq""";

    private static final String FINISH = """
      UPDATE reaction_folds SET outcome = $4, claimed_by = NULL, claimed_until = NULL
      WHERE webhook_id = $1 AND last_seq = $2 AND claimed_by = $3 AND outcome IS NULL""";

    private static final String RELEASE = """
      UPDATE reaction_folds SET claimed_by = NULL, claimed_until = NULL
      WHERE webhook_id = $1 AND last_seq = $2 AND claimed_by = $3 AND outcome IS NULL""";

    /** Extends this instance's claims on folds whose POST is still queued or on the wire. */
    private static final String RENEW = """
      UPDATE reaction_folds f SET claimed_until = now() + make_interval(secs => $4)
      FROM unnest($2::uuid[], $3::bigint[]) AS k(w, s)
      WHERE f.webhook_id = k.w AND f.last_seq = k.s AND f.claimed_by = $1 AND f.outcome IS NULL""";

    private static final String RELEASE_ALL = """
      UPDATE reaction_folds SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1 AND outcome IS NULL""";

    /**
     * A webhook's window was shortened: its open folds close within the new one (at once for 0), so none goes out after
     * the POST of a later reaction to the same message. Every row of a fold gets the same new {@code due_at}. A fold
     * being sent is left alone.
     */
    private static final String CLOSE_WITHIN = """
      UPDATE reaction_folds SET due_at = least(due_at, now() + make_interval(secs => $2::int / 1000.0))
      WHERE webhook_id = $1 AND outcome IS NULL AND claimed_by IS NULL""";

    /**
     * Its webhook stopped taking deliveries (disabled or deleted): its folds waiting for their window, or claimed by an
     * instance whose claim ran out, will never be sent, even if it is enabled again before they close. A fold being sent
     * is left to its sender, whose lane drops it. The rows stay after a delete: event lookup credits a sent fold's
     * attempt to each of its reactions from them.
     */
    private static final String DROP_OPEN = """
      UPDATE reaction_folds SET outcome = 'dropped', claimed_by = NULL, claimed_until = NULL
      WHERE webhook_id = ANY($1::uuid[]) AND outcome IS NULL AND (claimed_by IS NULL OR claimed_until < now())""";

    /** For retention: finished folds whose window closed before the cutoff, a batch at a time. */
    static final String PURGE = """
      DELETE FROM reaction_folds WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM reaction_folds WHERE outcome IS NOT NULL AND due_at < $1 LIMIT $2))""";

    private ReactionFolds() {}

    /** $1 webhook ids, $2 message uids, $3 event seqs, $4 workspace ids, $5 windows (ms), in one transaction. */
    public static Future<Void> add(SqlConnection conn, Tuple rows) {
        return conn.preparedQuery(LOCK)
                .execute(Tuple.of(rows.getValue(0), rows.getValue(1)))
                .compose(v -> conn.preparedQuery(ADD).execute(rows))
                .mapEmpty();
    }

    /** Claims the due folds named by the first {@code limit} due reactions for {@code claimSeconds}; a row per fold. */
    public static Future<RowSet<Row>> claim(SqlClient client, UUID instanceId, int claimSeconds, int limit) {
        return client.preparedQuery(CLAIM).execute(Tuple.of(instanceId, claimSeconds, limit));
    }

    /** {@link Journal#COLUMNS} of each fold's last event (null when purged) with webhook_id, folded and sent. */
    public static Future<RowSet<Row>> load(SqlClient client, Long[] lastSeqs, UUID[] webhookIds, Integer[] folded) {
        return client.preparedQuery(LOAD).execute(Tuple.of(lastSeqs, webhookIds, folded));
    }

    /** The fold's POST was made ({@code sent}) or will never be ({@code dropped}). */
    public static Future<Void> finish(SqlClient client, UUID webhookId, long lastSeq, UUID instanceId, String outcome) {
        return client.preparedQuery(FINISH)
                .execute(Tuple.of(webhookId, lastSeq, instanceId, outcome))
                .mapEmpty();
    }

    /** The fold could not be sent now (its lane was full): another pass claims it again. */
    public static Future<Void> release(SqlClient client, UUID webhookId, long lastSeq, UUID instanceId) {
        return client.preparedQuery(RELEASE)
                .execute(Tuple.of(webhookId, lastSeq, instanceId))
                .mapEmpty();
    }

    /** See {@link #RENEW}; after the claimer's lock, whose claim locks the same rows in another order (review). */
    public static Future<Void> renew(Pool pool, UUID instanceId, UUID[] webhooks, Long[] lastSeqs, int seconds) {
        return pool.withTransaction(conn -> conn.query(CLAIMER_LOCK)
                .execute()
                .compose(v -> conn.preparedQuery(RENEW).execute(Tuple.of(instanceId, webhooks, lastSeqs, seconds)))
                .mapEmpty());
    }

    /** See {@link #CLOSE_WITHIN}; in the transaction that shortens the window. */
    public static Future<Void> closeWithin(SqlConnection conn, UUID webhookId, int windowMs) {
        return conn.query(CLAIMER_LOCK)
                .execute()
                .compose(v -> conn.preparedQuery(CLOSE_WITHIN).execute(Tuple.of(webhookId, windowMs)))
                .mapEmpty();
    }

    /** Reactions held in folds not sent yet, of every instance (for the shutdown log). */
    public static Future<Long> countWaiting(SqlClient client) {
        return client.query("SELECT count(*) FROM reaction_folds WHERE outcome IS NULL")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** See {@link #DROP_OPEN}; in the transaction that disables or deletes the webhooks. */
    public static Future<Void> dropOpen(SqlConnection conn, UUID[] webhookIds) {
        return conn.query(CLAIMER_LOCK)
                .execute()
                .compose(v -> conn.preparedQuery(DROP_OPEN).execute(Tuple.of(webhookIds)))
                .mapEmpty();
    }

    /** Shutdown: the folds this instance claimed but did not finish are free for the next start or another instance. */
    public static Future<Void> releaseAll(SqlClient client, UUID instanceId) {
        return client.preparedQuery(RELEASE_ALL).execute(Tuple.of(instanceId)).mapEmpty();
    }
}
