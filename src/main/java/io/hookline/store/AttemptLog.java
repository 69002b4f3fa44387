package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Every delivery attempt ({@code attempts}): what was sent to which URL and what came back. The request body is
 * not stored (it is rendered again from the journal) and neither are the request headers that follow from the
 * stored fields; only the signature, which depends on the secret of the moment, is kept.
 */
public final class AttemptLog {

    /**
     * The columns of one attempt, in the order of {@link AttemptRows}'s arrays. The arrays are unnested in the select
     * list, side by side (the same length, so row by row): PostgreSQL streams those rows into the insert, where {@code
     * FROM unnest(...)} first copies every array into a tuple store of its own. Measured with ten webhooks, warm:
     * PostgreSQL 85-92 µs per event against 99-111, 3 of 3.
     */
    private static final String INSERT = """
      INSERT INTO attempts (webhook_id, workspace_id, event_seq, event_id, event_type, format, url, attempted_at,
                            duration_ms, success, test, status_code, error, signature, response_headers,
                            response_body, trigger)
      SELECT unnest($1::uuid[]), unnest($2::text[]), unnest($3::bigint[]), unnest($4::text[]), unnest($5::text[]),
             unnest($6::text[]), unnest($7::text[]), unnest($8::timestamptz[]), unnest($9::int[]), unnest($10::bool[]),
             unnest($11::bool[]), unnest($12::int[]), unnest($13::text[]), unnest($14::text[]), unnest($15::text[]),
             unnest($16::text[]), unnest($17::text[])""";

    /**
     * How many reactions the attempt's POST folded (a reaction window), or null for an ordinary one: only the fold's
     * own POST (the live delivery of its last reaction) folded; a resend or recovery of that reaction did not.
     */
    private static final String FOLDED = "(SELECT f.folded FROM reaction_folds f WHERE a.trigger = 'delivery' "
            + "AND f.webhook_id = a.webhook_id AND f.event_seq = a.event_seq AND f.last_seq = a.event_seq) AS folded";

    /** The columns a log entry needs, with the journal row ({@code e}) its request body is rendered from. */
    public static final String LOG_COLUMNS = "a.id, a.event_seq, a.event_id, a.event_type, a.format, a.attempted_at, "
            + "a.duration_ms, a.success, a.test, a.trigger, a.status_code, a.error, a.url, a.signature, a.response_headers, "
            + "a.response_body, " + StoredEvent.PREFIXED_COLUMNS + ", " + FOLDED;

    private static final String SUMMARY = """
      SELECT a.id, a.event_id, a.event_type, a.attempted_at, a.duration_ms, a.success, a.status_code, a.error, a.test,
             a.trigger
      FROM attempts a WHERE a.webhook_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3""";

    private static final String LOG_OF_IDS = "SELECT " + LOG_COLUMNS
            + " FROM attempts a LEFT JOIN events e ON e.seq = a.event_seq WHERE a.webhook_id = $1 AND a.id = ANY($2)"
            + " ORDER BY a.id DESC";

    /**
     * An event's own attempts, and the POSTs of the folds it was folded into (sent as another, later reaction); not a
     * resend or recovery of that later reaction, which carried its payload alone.
     */
    private static final String OF_EVENT = """
      SELECT id, webhook_id, event_type, success, status_code, attempted_at, trigger FROM attempts
      WHERE event_seq = $1 AND NOT test
      UNION ALL
      SELECT a.id, a.webhook_id, a.event_type, a.success, a.status_code, a.attempted_at, a.trigger
      FROM reaction_folds f JOIN attempts a ON a.webhook_id = f.webhook_id AND a.event_seq = f.last_seq
        AND a.trigger = 'delivery'
      WHERE f.event_seq = $1 AND f.last_seq <> $1
      ORDER BY id""";

    /**
     * Stats per webhook {@code w} over its attempts: activations in the retention window (in days: the parameter whose
     * number fills {@code %d}), error rate of the last 1000, and the last answer ({@code l}, from
     * {@link #LAST_ATTEMPT_JOIN}). Test sends are left out of the first two: they say nothing about real traffic.
     */
    public static final String WEBHOOK_STATS = """
      (SELECT count(*) FROM attempts a WHERE a.webhook_id = w.id AND NOT a.test
         AND a.attempted_at > now() - make_interval(days => $%d)) AS activations,
      (SELECT coalesce(avg(CASE WHEN s.success THEN 0.0 ELSE 1.0 END), 0) FROM
         (SELECT a.success FROM attempts a WHERE a.webhook_id = w.id AND NOT a.test ORDER BY a.id DESC LIMIT 1000) s)
         AS error_rate,
      l.status_code AS last_status_code, l.attempted_at AS last_at, l.error AS last_error""";

    /** Joins webhook {@code w}'s latest attempt as {@code l}, for {@link #WEBHOOK_STATS}. */
    public static final String LAST_ATTEMPT_JOIN = """
      LEFT JOIN LATERAL (SELECT a.status_code, a.attempted_at, a.error FROM attempts a WHERE a.webhook_id = w.id
                         ORDER BY a.id DESC LIMIT 1) l ON true""";

    /**
     * Oldest first along the event index, a batch at a time, so the table is never locked for long. Only attempts of
     * events before {@code $3}, the journal's first kept event ({@link Journal#FIRST_KEPT}), are looked at: an
     * attempt of a later event came after that event arrived, so it is not old enough either. Without that bound the
     * last, short batch of every run read the whole table.
     */
    static final String PURGE = """
      DELETE FROM attempts WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM attempts WHERE event_seq < $3 AND attempted_at < $1 ORDER BY event_seq LIMIT $2))""";

    private AttemptLog() {}

    public static Future<RowSet<Row>> insert(SqlClient client, Tuple rows) {
        return client.preparedQuery(INSERT).execute(rows);
    }

    /** One attempt, returning its id (test sends, which answer with the stored attempt). */
    public static Future<Long> insertOne(SqlClient client, Tuple row) {
        return client.preparedQuery(INSERT + " RETURNING id")
                .execute(row)
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** The id of an attempt the writer stored (it inserts in batches, without returning ids). */
    public static Future<Long> idOf(
            SqlClient client, UUID webhookId, long eventSeq, String trigger, java.time.Instant attemptedAt) {
        return client.preparedQuery("SELECT id FROM attempts WHERE webhook_id = $1 AND event_seq = $2 AND trigger = $3 "
                        + "AND attempted_at BETWEEN $4::timestamptz - interval '1 ms' AND $4::timestamptz + interval '1 ms' "
                        + "ORDER BY id DESC LIMIT 1")
                .execute(Tuple.of(webhookId, eventSeq, trigger, attemptedAt.atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * "Last sending attempts": a webhook's attempts, newest first, one keyset page by id, none newer than
     * {@code horizon} ({@link AttemptHorizon#settled}).
     */
    public static Future<RowSet<Row>> summaries(SqlClient client, UUID webhookId, Keyset page, long horizon) {
        return client.preparedQuery(SUMMARY).execute(Tuple.of(webhookId, below(page, horizon), page.fetch()));
    }

    /** Log entries ({@link #LOG_COLUMNS}), newest first, one keyset page by id, none newer than {@code horizon}. */
    /** The ids of a log page (one more than asked for, to tell whether there is a next page), newest first. */
    public static Future<RowSet<Row>> logIds(SqlClient client, UUID webhookId, Keyset page, long horizon) {
        return client.preparedQuery(
                        "SELECT a.id FROM attempts a WHERE a.webhook_id = $1 AND a.id < $2 ORDER BY a.id DESC LIMIT $3")
                .execute(Tuple.of(webhookId, below(page, horizon), page.fetch()));
    }

    /** The full log entries of some of those ids, newest first: read a few at a time, as each may be megabytes. */
    public static Future<RowSet<Row>> logEntries(SqlClient client, UUID webhookId, List<Long> ids) {
        return client.preparedQuery(LOG_OF_IDS)
                .execute(Tuple.tuple().addValue(webhookId).addArrayOfLong(ids.toArray(Long[]::new)));
    }

    private static long below(Keyset page, long horizon) {
        return Math.min(page.before(), horizon + 1);
    }

    /** The (non-test) attempts made for one event, oldest first. */
    public static Future<RowSet<Row>> ofEvent(SqlClient client, long eventSeq) {
        return client.preparedQuery(OF_EVENT).execute(Tuple.of(eventSeq));
    }
}
