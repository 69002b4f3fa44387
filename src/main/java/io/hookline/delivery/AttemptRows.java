package io.hookline.delivery;

import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Attempts as the column arrays of one multi-row insert ({@link io.hookline.store.AttemptLog}). */
public final class AttemptRows {

  private AttemptRows() {
  }

  public static Tuple of(List<AttemptRecord> attempts) {
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
    String[] signatures = new String[n];
    String[] responseHeaders = new String[n];
    String[] responseBodies = new String[n];
    String[] triggers = new String[n];
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
      signatures[i] = a.signature();
      responseHeaders[i] = a.responseHeaders();
      responseBodies[i] = a.responseBody();
      triggers[i] = a.trigger().wire();
    }
    return Tuple.wrap(new Object[] {webhooks, workspaces, seqs, eventIds, types, formats, urls, times, durations,
        successes, tests, statuses, errors, signatures, responseHeaders, responseBodies, triggers});
  }
}
