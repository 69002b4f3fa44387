package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Per-hour delivery numbers of one webhook, computed in PostgreSQL over the stored attempts. Hours are UTC clock
 * hours, the last one being the current (partial) hour; an hour without attempts is a row of zeros. Test sends are
 * left out, as they are from {@code activations} and {@code error_rate}: they say nothing about how the receiver
 * handles real traffic. Latency percentiles cover every attempt, failed ones included (a timeout is latency the
 * receiver caused), interpolated by {@code percentile_cont} and rounded to 0.1 ms.
 */
public final class HourlyAttempts {

    /** One clock hour of one webhook. */
    public record Hour(OffsetDateTime at, long attempts, long failures, double p50Ms, double p95Ms) {}

    public static final int MAX_HOURS = 240;

    /**
     * The webhook's attempts of the window are read once (index on webhook_id) and bucketed, then joined to the
     * generated hours, so the cost does not grow with the number of hours asked for. The EXISTS guard turns
     * "no such webhook in this workspace" into zero rows, whereas a real window always has at least one.
     */
    private static final String SQL = """
      WITH bounds AS (
        SELECT date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS last_hour),
      hours AS (
        SELECT generate_series(b.last_hour - make_interval(hours => $3 - 1), b.last_hour, interval '1 hour') AS at
        FROM bounds b),
      recent AS (
        SELECT date_trunc('hour', a.attempted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at, a.success,
               a.duration_ms
        FROM attempts a, bounds b
        WHERE a.webhook_id = $2 AND NOT a.test
          AND a.attempted_at >= b.last_hour - make_interval(hours => $3 - 1)
          AND a.attempted_at < b.last_hour + interval '1 hour')
      SELECT h.at, count(r.at) AS attempts, count(r.at) FILTER (WHERE NOT r.success) AS failures,
             coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms)::numeric, 1), 0) AS p50_ms,
             coalesce(round(percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_ms)::numeric, 1), 0) AS p95_ms
      FROM hours h LEFT JOIN recent r ON r.at = h.at
      WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.workspace_id = $1 AND w.id = $2)
      GROUP BY h.at
      ORDER BY h.at""";

    private final Pool pool;

    public HourlyAttempts(Pool pool) {
        this.pool = pool;
    }

    /** {@code hours} rows, oldest first; empty if the workspace has no such webhook. */
    public Future<List<Hour>> lastHours(String workspaceId, UUID webhookId, int hours) {
        return pool.preparedQuery(SQL)
                .execute(Tuple.of(workspaceId, webhookId, hours))
                .map(rows -> {
                    List<Hour> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new Hour(
                                row.getOffsetDateTime("at"),
                                row.getLong("attempts"),
                                row.getLong("failures"),
                                row.getNumeric("p50_ms").doubleValue(),
                                row.getNumeric("p95_ms").doubleValue()));
                    }
                    return out;
                });
    }
}
