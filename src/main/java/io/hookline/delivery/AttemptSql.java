package io.hookline.delivery;

import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Batched statements that store attempts, their request bodies and event completion. */
public final class AttemptSql {

  public static final String INSERT_PAYLOADS = """
      INSERT INTO payloads (event_seq, event_type, format, body, created_at)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
      ON CONFLICT DO NOTHING""";

  public static final String INSERT_ATTEMPTS = """
      INSERT INTO attempts (webhook_id, workspace_id, event_seq, event_id, event_type, format, url, attempted_at,
                            duration_ms, success, test, status_code, error, request_headers, response_headers,
                            response_body)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                           $8::timestamptz[], $9::int[], $10::bool[], $11::bool[], $12::int[], $13::text[],
                           $14::text[], $15::text[], $16::text[])
      RETURNING id""";

  static final String COMPLETE_EVENTS = "DELETE FROM pending_events WHERE seq = ANY($1::bigint[])";

  static final String SKIP_EVENTS = """
      WITH marked AS (
        UPDATE events e SET skip_reason = u.reason
        FROM unnest($1::bigint[], $2::text[]) AS u(seq, reason) WHERE e.seq = u.seq
        RETURNING e.seq
      )
      DELETE FROM pending_events WHERE seq IN (SELECT seq FROM marked)""";

  private AttemptSql() {
  }

  /** Request bodies not stored yet (each payload is claimed by exactly one attempt). Null when none. */
  public static Tuple payloadTuple(List<AttemptRecord> attempts) {
    List<AttemptRecord> claimed = new ArrayList<>();
    for (AttemptRecord a : attempts) {
      if (a.payload().claimStore()) {
        claimed.add(a);
      }
    }
    return claimed.isEmpty() ? null : payloadTupleOf(claimed);
  }

  /**
   * The request bodies of these attempts, claimed or not (storing one twice is a no-op). Each is dated by the
   * attempt that first sent it, so retention ages bodies with their attempts.
   */
  static Tuple payloadTupleOf(List<AttemptRecord> attempts) {
    return Tuple.of(attempts.stream().map(a -> a.payload().eventSeq()).toArray(Long[]::new),
        attempts.stream().map(a -> a.payload().type().wire()).toArray(String[]::new),
        attempts.stream().map(a -> a.payload().format().wire()).toArray(String[]::new),
        attempts.stream().map(a -> a.payload().body().toString()).toArray(String[]::new),
        attempts.stream().map(a -> a.attemptedAt().atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new));
  }

  public static Tuple attemptTuple(List<AttemptRecord> attempts) {
    int n = attempts.size();
    UUID[] webhooks = new UUID[n];
    String[] workspaces = new String[n];
    Long[] seqs = new Long[n];
    String[] eventIds = new String[n];
    String[] types = new String[n];
    String[] formats = new String[n];
    String[] urls = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    Integer[] durations = new Integer[n];
    Boolean[] successes = new Boolean[n];
    Boolean[] tests = new Boolean[n];
    Integer[] statuses = new Integer[n];
    String[] errors = new String[n];
    String[] requestHeaders = new String[n];
    String[] responseHeaders = new String[n];
    String[] responseBodies = new String[n];
    for (int i = 0; i < n; i++) {
      AttemptRecord a = attempts.get(i);
      webhooks[i] = a.webhookId();
      workspaces[i] = a.workspaceId();
      seqs[i] = a.payload().eventSeq();
      eventIds[i] = a.payload().eventId();
      types[i] = a.payload().type().wire();
      formats[i] = a.payload().format().wire();
      urls[i] = a.url();
      times[i] = a.attemptedAt().atOffset(ZoneOffset.UTC);
      durations[i] = a.durationMs();
      successes[i] = a.success();
      tests[i] = a.test();
      statuses[i] = a.statusCode();
      errors[i] = a.error();
      requestHeaders[i] = a.requestHeaders().encode();
      responseHeaders[i] = a.responseHeaders() == null ? null : a.responseHeaders().encode();
      responseBodies[i] = a.responseBody();
    }
    return Tuple.wrap(new Object[] {webhooks, workspaces, seqs, eventIds, types, formats, urls, times, durations,
        successes, tests, statuses, errors, requestHeaders, responseHeaders, responseBodies});
  }

  static Tuple skipTuple(List<Long> seqs, List<String> reasons) {
    return Tuple.wrap(new Object[] {seqs.toArray(Long[]::new), reasons.toArray(String[]::new)});
  }
}
